package io.privacyplatform.consent.service;

import io.privacyplatform.consent.SubjectRestriction;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Restrictions of processing (GDPR Art. 18) in force for a subject: while one is, the effective state of every
 * purpose is "no" (storage only); the ledger is untouched, so the consents in force apply again once it is lifted.
 * A change that carries an {@code orderId} is confirmed with {@code order-confirmed} (system {@code consent}) in the
 * same transaction; one without (older producers) is applied only.
 */
@ApplicationScoped
public class Restrictions {

    public static final String STILL_RESTRICTED_NOTICE = "Another restriction of the subject is still in force: every purpose "
            + "stays suspended until it is lifted too.";

    /** A restriction in force. */
    public record Restriction(UUID requestId, String reason, Instant since) {
    }

    private final Outbox outbox;
    private final Clock clock;

    Restrictions(Outbox outbox, Clock clock) {
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Puts the restriction of the change in force, or lifts it; a repeated change changes nothing more. */
    @Transactional
    public void apply(RestrictionChanged change) {
        SubjectRestriction.Key key = new SubjectRestriction.Key(change.subjectId(), change.requestId());
        SubjectRestriction existing = SubjectRestriction.findById(key);
        boolean restricted = Boolean.TRUE.equals(change.restricted());
        long changed = 0;
        if (restricted) {
            if (existing == null) {
                SubjectRestriction restriction = new SubjectRestriction();
                restriction.subjectId = change.subjectId();
                restriction.requestId = change.requestId();
                restriction.reason = change.reason().name();
                restriction.since = change.changedAt();
                restriction.persist();
                changed = 1;
            }
        } else if (existing != null) {
            existing.delete();
            changed = 1;
        }
        Log.infof("Restriction of request %s %s", change.requestId(), restricted ? "in force" : "lifted");
        if (change.orderId() != null) {
            SubjectRestriction.flush();
            confirm(change, changed, SubjectRestriction.countOfSubject(change.subjectId()));
        }
    }

    /** The evidence is the ledger's change, in counts: restriction rows written or deleted, and in force after it. */
    private void confirm(RestrictionChanged change, long changed, long inForce) {
        boolean restricted = Boolean.TRUE.equals(change.restricted());
        String verification = "re-count: " + inForce + " restriction" + (inForce == 1 ? "" : "s")
                + " of the subject in force; the consent ledger is unchanged";
        Evidence evidence = restricted
                ? new Evidence("restrictions", changed + " rows", changed > 0 ? "INSERT" : "none: already in force",
                changed > 0 ? "restricted" : "already-restricted",
                verification + "; every purpose's effective state is 'no' (storage only)")
                : new Evidence("restrictions", changed + " rows", changed > 0 ? "DELETE" : "none: not in force",
                changed > 0 ? "lifted" : "already-lifted", verification);
        List<String> notices = !restricted && inForce > 0 ? List.of(STILL_RESTRICTED_NOTICE) : List.of();
        OrderConfirmed confirmed = new OrderConfirmed(change.orderId(), change.requestId(), change.subjectId(),
                Systems.CONSENT, restricted ? OrderKind.RESTRICTION : OrderKind.RESTRICTION_LIFT, OrderOutcome.APPLIED,
                List.of(evidence), notices, Instant.now(clock));
        outbox.publish(Events.ORDER_CONFIRMED, change.subjectId(), confirmed);
        Log.infof("Restriction order %s confirmed: %s", change.orderId(), confirmed.kind());
    }

    @Transactional
    public boolean inForce(String subjectId) {
        return SubjectRestriction.countOfSubject(subjectId) > 0;
    }

    @Transactional
    public List<Restriction> ofSubject(String subjectId) {
        return SubjectRestriction.ofSubject(subjectId).stream()
                .map(r -> new Restriction(r.requestId, r.reason, r.since)).toList();
    }
}
