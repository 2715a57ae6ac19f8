package io.privacyplatform.retention.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.retention.SubjectRestriction;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Restriction of processing (GDPR Art. 18) for retention's own data: a restricted subject is kept, whatever its
 * expiry, until the restriction is lifted; the lifting evaluates the subject at once, as a sweep would, so an expiry
 * that passed meanwhile is ordered without waiting for the next scheduled sweep. When the change names
 * {@code retention} among its expected systems and carries an order id, one {@code order-confirmed} answers it, in
 * the same transaction. Evidence is counts only.
 */
@ApplicationScoped
public class SubjectRestrictions {

    private final SweepService sweeps;
    private final Outbox outbox;
    private final Clock clock;

    SubjectRestrictions(SweepService sweeps, Outbox outbox, Clock clock) {
        this.sweeps = sweeps;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(RestrictionChanged change) {
        Instant now = clock.instant();
        String subject = change.subjectId();
        long entries = InventoryEntry.count("subjectId", subject);
        Evidence evidence;
        OrderKind kind;
        if (change.restricted()) {
            kind = OrderKind.RESTRICTION;
            boolean recorded = SubjectRestriction.record(subject, change.requestId(), change.orderId(), change.changedAt(), now);
            evidence = new Evidence("subject_restriction", (recorded ? 1 : 0) + " rows", "record restriction",
                    recorded ? "restricted" : "already-restricted",
                    "expiry suspended for " + entries + " inventory entries until the restriction is lifted");
        } else {
            kind = OrderKind.RESTRICTION_LIFT;
            boolean lifted = SubjectRestriction.lift(subject);
            long ordered = sweeps.sweepSubject(subject, SweepService.RESTRICTION_LIFTED);
            evidence = new Evidence("subject_restriction", (lifted ? 1 : 0) + " rows", "remove restriction",
                    lifted ? "lifted" : "not-restricted",
                    "re-evaluated " + entries + " inventory entries: " + ordered + " erasure orders placed");
        }
        Log.infof("%s of request %s recorded for retention (order %s)", kind, change.requestId(), change.orderId());
        if (change.orderId() == null || !change.expectedSystems().contains(Systems.RETENTION)) {
            return; // nobody waits for retention's answer
        }
        outbox.publish(Events.ORDER_CONFIRMED, subject, new OrderConfirmed(change.orderId(), change.requestId(), subject,
                Systems.RETENTION, kind, OrderOutcome.APPLIED, List.of(evidence), List.of(), now));
    }
}
