package io.privacyplatform.request.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.Register.RegisteredSystem;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RefusalReason;
import io.privacyplatform.request.RefusedConfirmation;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Admits a system's confirmation of an order only from the principal that owns the system (DESIGN.md, "Systems and
 * datastores"; the registry's {@code confirmedBy}). Three channels:
 * <ul>
 *   <li>a shared topic ({@code erasure-confirmed}, {@code order-confirmed}): only for systems a platform service
 *   answers for, and the event's CloudEvents source must be {@code /<confirmedBy>} (the outbox writes
 *   {@code /<service name>}; Kafka ACLs let only the platform services write these topics);</li>
 *   <li>a custom system's own topic ({@code <shared topic>.<system>}): the topic is the principal, since only that
 *   system's KafkaUser may write it; the confirmation must name the topic's system;</li>
 *   <li>HTTP ({@code POST /systems/{system}/...}): the bearer token's client must be the system's {@code confirmedBy};
 *   the confirmation must name the path's system.</li>
 * </ul>
 * A refused confirmation is never applied: it is kept ({@link RefusedConfirmation}) for the officer's attention list,
 * noted in the audit trail of the request that placed the order, and counted ({@code requests.confirmations.refused},
 * by reason). The request itself does not change.
 */
@ApplicationScoped
public class ConfirmationGate {

    public static final String REFUSED_COUNTER = "requests.confirmations.refused";

    /** The topics every platform service writes its confirmations to; a custom system's own topics append {@code .<system>}. */
    static final List<String> SHARED_TOPICS = List.of(Events.ERASURE_CONFIRMED.topic(), Events.ORDER_CONFIRMED.topic());

    private final Register register;
    private final Deadlines deadlines;
    private final MeterRegistry meters;

    ConfirmationGate(Register register, Deadlines deadlines, MeterRegistry meters) {
        this.register = register;
        this.deadlines = deadlines;
        this.meters = meters;
    }

    public enum Route {
        /** {@code erasure-confirmed}, {@code order-confirmed}: the platform services' confirmations. */
        SHARED_TOPIC,
        /** {@code erasure-confirmed.<system>}, {@code order-confirmed.<system>}: one custom system's own topic. */
        SYSTEM_TOPIC,
        /** request-service's HTTP confirmation endpoints, for custom systems without Kafka. */
        HTTP
    }

    /**
     * Where a confirmation arrived. {@code boundSystem} is the system the channel itself names (a system topic's
     * suffix, the HTTP path's system), null on a shared topic.
     */
    public record Channel(Route route, String name, String boundSystem) {

        /** The channel of a confirmation topic: a shared topic, or a custom system's own topic. */
        public static Channel topic(String topic) {
            for (String shared : SHARED_TOPICS) {
                if (topic.equals(shared)) {
                    return new Channel(Route.SHARED_TOPIC, topic, null);
                }
                if (topic.startsWith(shared + ".") && topic.length() > shared.length() + 1) {
                    return new Channel(Route.SYSTEM_TOPIC, topic, topic.substring(shared.length() + 1));
                }
            }
            throw new IllegalArgumentException("not a confirmation topic: " + topic);
        }

        /** An HTTP confirmation at {@code path}, for the path's {@code system}. */
        public static Channel http(String path, String system) {
            return new Channel(Route.HTTP, "http:" + path, system);
        }
    }

    /** The gate's answer: admitted, or refused with a reason and a sentence (names of systems and principals only). */
    public record Verdict(RefusalReason refusal, String detail) {

        static final Verdict ADMITTED = new Verdict(null, null);

        public boolean admitted() {
            return refusal == null;
        }
    }

    /**
     * Decides on one confirmation and, if it is refused, keeps the refusal, notes it in the audit trail of the request
     * that placed the order (if this service placed it) and counts it, in the caller's transaction. Apply the
     * confirmation only when the verdict is {@link Verdict#admitted()}.
     *
     * @param system    the system the confirmation names
     * @param principal who sent it: the CloudEvents source on a shared topic, the topic on a system topic, the OIDC
     *                  client over HTTP
     * @param subjectId the pseudonymous subject id the confirmation names
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Verdict admit(Channel channel, String system, String principal, UUID orderId, String subjectId) {
        // Confirmations of one request arrive on several channels at once: the request's row lock, taken first and in
        // one statement, serialises them (loading the request, then locking it, would fail on a concurrent change).
        Optional<DataSubjectRequest> placedBy = lockRequestOf(orderId);
        Verdict verdict = judge(channel, system, principal);
        if (!verdict.admitted()) {
            refuse(channel, system, principal, orderId, subjectId, verdict.refusal(), placedBy.orElse(null));
        }
        return verdict;
    }

    /** The decision alone, from the registry: nothing is stored. */
    public Verdict judge(Channel channel, String system, String principal) {
        if (channel.boundSystem() != null && !channel.boundSystem().equals(system)) {
            return new Verdict(RefusalReason.SYSTEM_MISMATCH, "the confirmation names system '" + shown(system)
                    + "' but " + channel.name() + " is bound to '" + shown(channel.boundSystem()) + "'");
        }
        Optional<RegisteredSystem> found = register.findSystem(system);
        if (found.isEmpty()) {
            return new Verdict(RefusalReason.UNREGISTERED_SYSTEM, "no system '" + shown(system) + "' in the registry");
        }
        RegisteredSystem registered = found.get();
        String owner = registered.confirmedBy();
        // confirmedByPlatform() cannot take a system that names no principal (it confirms nothing).
        boolean platform = owner != null && registered.confirmedByPlatform();
        return switch (channel.route()) {
            case SHARED_TOPIC -> {
                if (!platform) {
                    yield new Verdict(RefusalReason.WRONG_CHANNEL, system + " is not confirmed by a platform service: it "
                            + "confirms on its own topic " + channel.name() + "." + system + " or over HTTP");
                }
                String expected = "/" + owner;
                yield expected.equals(principal) ? Verdict.ADMITTED : new Verdict(RefusalReason.NOT_OWNER, system
                        + " is confirmed by " + owner + " (source " + expected + "), not by source '" + shown(principal) + "'");
            }
            case SYSTEM_TOPIC -> owner != null && !platform ? Verdict.ADMITTED : new Verdict(RefusalReason.WRONG_CHANNEL,
                    system + " is confirmed by " + owner + " on the shared topic, not on " + channel.name());
            case HTTP -> {
                if (owner == null || !owner.equals(principal)) {
                    yield new Verdict(RefusalReason.NOT_OWNER, system + " is confirmed by " + owner + ", not by client '"
                            + shown(principal) + "'");
                }
                yield platform ? new Verdict(RefusalReason.WRONG_CHANNEL, system + " is confirmed by " + owner
                        + " on the shared topic, not over HTTP") : Verdict.ADMITTED;
            }
        };
    }

    private void refuse(Channel channel, String system, String principal, UUID orderId, String subjectId,
                        RefusalReason reason, DataSubjectRequest placedBy) {
        Instant now = deadlines.now();
        RefusedConfirmation refused = new RefusedConfirmation();
        refused.id = UUID.randomUUID();
        refused.system = cut(system, 100);
        refused.channel = cut(channel.name(), 200);
        refused.principal = principal == null ? null : cut(principal, 200);
        refused.orderId = orderId;
        refused.subjectId = subjectId;
        refused.requestId = placedBy == null ? null : placedBy.id;
        refused.reason = reason;
        refused.refusedAt = now;
        refused.persist();
        if (placedBy != null) {
            placedBy.record(AuditKind.CONFIRMATION_REFUSED, DataSubjectRequest.SYSTEM_ACTOR, now, "refused a confirmation of order "
                    + orderId + " for " + shown(system) + " from " + shown(principal) + " on " + shown(channel.name()) + ": " + reason);
        }
        meters.counter(REFUSED_COUNTER, "reason", reason.name()).increment();
        Log.warnf("Refused a confirmation for system %s on %s: %s", shown(system), shown(channel.name()), reason);
    }

    /** The request of this service that placed the order (erasure or rectification), if any, locked. */
    private static Optional<DataSubjectRequest> lockRequestOf(UUID orderId) {
        return DataSubjectRequest.<DataSubjectRequest>find(
                        "erasureOrderId = ?1 or rectificationOrderId = ?1 or restrictionOrderId = ?1 or liftOrderId = ?1", orderId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** A claimed name as logs, notes and problems may show it: anyone can write anything there. */
    private static String shown(String value) {
        return value == null ? "(none)" : cut(value.replaceAll("[^A-Za-z0-9._:/@-]", "?"), 100);
    }

    private static String cut(String value, int length) {
        return value.length() <= length ? value : value.substring(0, length);
    }
}
