package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Optional;

/**
 * What partner-sync does at one partner: one method per {@link Capability}, each one call sequence (action, then
 * read-back) with the partner's error classification. Every capability is non-blocking: their calls hold no
 * thread while they wait for the partner or for a permit, and nothing is sent before the returned Uni is subscribed to.
 * Each fails with {@link TransientPartnerException} when it is worth trying again later, {@link PermanentPartnerException}
 * when trying again cannot help. The connector makes its calls through its own
 * {@link PartnerGate} (rate limiter per call; the task engine runs whole tasks behind the gate's circuit breaker). No
 * retry here: the task engine retries. A connector implements the capabilities its object types declare in
 * {@link PartnerObjectType}; the others are refused as unsupported.
 *
 * @see io.privacyplatform.partnersync.service.TaskHandler
 */
public interface PartnerConnector {

    /**
     * The partner's system name in the registry ({@code systems.yaml}); the partners partner-sync serves are those it
     * has a connector for ({@link PartnerConnectors#names()}).
     */
    String partner();

    /** The partner's rate limiter, circuit breaker and call path. */
    PartnerGate gate();

    /**
     * {@link Capability#ERASE}: erases one object (idempotent: an object already gone counts as erased) and checks
     * afterwards that the partner no longer returns it.
     */
    Uni<TaskEvidence> erase(PartnerObjectType type, String objectId);

    /**
     * {@link Capability#RECTIFY}: sends the corrected fields the partner holds, reads them back and compares them by
     * hash. {@code idempotencyKey} is stable per task, for partners whose update is not idempotent by nature.
     */
    default Uni<TaskEvidence> rectify(String objectId, RectificationValues values, String idempotencyKey) {
        return unsupported("rectification");
    }

    /** {@link Capability#UNSUBSCRIBE}: unsubscribes the object's email address from all email, and reads it back. */
    default Uni<TaskEvidence> unsubscribeAll(String objectId) {
        return unsupported("unsubscribe");
    }

    /** {@link Capability#LOOKUP}: the objects holding one of these addresses ({@link TaskEvidence#discovered()}). */
    default Uni<TaskEvidence> findByEmail(List<String> emails) {
        return unsupported("lookup by email");
    }

    /**
     * {@link Capability#REDACT}: redacts the personal data of one object the partner keeps (the object stays), and
     * reads it back. {@code idempotencyKey} is stable per task, so a repeated run follows the same partner-side job.
     */
    default Uni<TaskEvidence> redact(PartnerObjectType type, String objectId, String idempotencyKey) {
        return unsupported("redaction");
    }

    /** {@link Capability#EXPORT_READ}: one object read for an access export; one call, no retry. */
    default Uni<PartnerRead> readForExport(String objectId) {
        return unsupported("export read");
    }

    /** Said in an access export whose objects at this partner are listed but not read (no {@link Capability#EXPORT_READ}). */
    default Optional<String> exportNotReadNotice() {
        return Optional.empty();
    }

    private <T> Uni<T> unsupported(String what) {
        return Uni.createFrom().failure(() -> new PermanentPartnerException(partner(), 0, null, "no " + what + " at "
                + partner(), DeadReason.UNSUPPORTED));
    }
}
