package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.LegalHold;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Executes an erasure order (a data-subject request's, or this service's own for an expired retention) on this
 * service's records of the subject: inventory entries, connection logs, pending orders, ended holds. What an
 * active legal hold covers stays, and so do connection logs when the policy keeps them on erasure (a legal
 * obligation, section 8): both are named in the confirmation's {@code retained}, with outcome PARTIALLY_ERASED.
 * Entries whose rule anonymizes are first counted into the monthly aggregates, which carry no subject id.
 */
@ApplicationScoped
public class SubjectErasure {

    private final EntityManager entityManager;
    private final RetentionPolicy policy;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    SubjectErasure(EntityManager entityManager, RetentionPolicy policy, Outbox outbox, MeterRegistry meters, Clock clock) {
        this.entityManager = entityManager;
        this.policy = policy;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /** Does nothing when the order does not expect {@code retention}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void execute(ErasureOrdered order) {
        if (!order.expectedSystems().contains(Systems.RETENTION)) {
            Log.debugf("Erasure order %s does not expect system %s: nothing to do", order.orderId(), Systems.RETENTION);
            return;
        }
        String subject = order.subjectId();
        Instant now = clock.instant();
        List<LegalHold> holds = LegalHold.activeOf(subject, now);
        boolean allHeld = holds.stream().anyMatch(h -> h.allPurposes);
        Set<String> held = new TreeSet<>();
        holds.forEach(h -> held.addAll(h.purposeSet()));
        String[] heldArray = held.toArray(String[]::new);

        long deleted = 0;
        if (!allHeld) {
            entityManager.createNativeQuery("""
                            insert into retention_statistic (month, purpose, subjects)
                            select cast(date_trunc('month', e.collected_at at time zone 'UTC') as date), e.purpose, count(*)
                            from inventory_entry e
                            where e.subject_id = ?1 and e.purpose = any(cast(?2 as varchar[])) and not e.purpose = any(cast(?3 as varchar[]))
                            group by 1, 2
                            on conflict (month, purpose) do update set subjects = retention_statistic.subjects + excluded.subjects""")
                    .setParameter(1, subject)
                    .setParameter(2, policy.anonymizedPurposes().toArray(String[]::new))
                    .setParameter(3, heldArray)
                    .executeUpdate();
            deleted = entityManager.createNativeQuery(
                            "delete from inventory_entry where subject_id = ?1 and not purpose = any(cast(?2 as varchar[]))")
                    .setParameter(1, subject).setParameter(2, heldArray).executeUpdate();
        }
        long kept = count("select count(*) from inventory_entry where subject_id = ?1", subject);

        List<Evidence> evidence = new ArrayList<>();
        List<Exemption> retained = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        evidence.add(new Evidence("inventory-entries", deleted + " rows", "DELETE", deleted > 0 ? "deleted" : "already-absent",
                kept == 0 ? "re-count: 0 rows" : "re-count: " + kept + " rows, all under a legal hold"));
        for (LegalHold hold : holds) {
            String what = hold.allPurposes ? "inventory:all-purposes" : "inventory:" + hold.purposes.replace(",", "+");
            retained.add(new Exemption(Systems.RETENTION, what, "Legal hold " + hold.id + " placed by the privacy officer"
                    + (hold.heldUntil == null ? ", until lifted" : ", until " + hold.heldUntil)));
        }

        RetentionPolicy.Purpose connectionPurpose = policy.connectionLogPurpose();
        RetentionPolicy.Rule connectionRule = policy.ruleOf(connectionPurpose);
        long logs = count("select count(*) from connection_log where subject_id = ?1", subject);
        long logsDeleted = 0;
        if (logs > 0) {
            if (allHeld || held.contains(connectionPurpose.code())) {
                // Named by the hold's exemption above.
            } else if (connectionRule.keptWhenErased()) {
                retained.add(new Exemption(Systems.RETENTION, "connection-logs",
                        connectionRule.legalReference() + " (policy " + connectionRule.section() + "): "
                                + logs + " rows kept until " + connectionRule.period() + " after each connection"));
                notices.add("Connection logs (IP addresses) are kept for one year after each connection, as the law "
                        + "requires of hosting providers (policy section 8), then deleted.");
            } else {
                logsDeleted = entityManager.createNativeQuery("delete from connection_log where subject_id = ?1")
                        .setParameter(1, subject).executeUpdate();
                evidence.add(new Evidence("connection-logs", logsDeleted + " rows", "DELETE", "deleted",
                        "re-count: " + count("select count(*) from connection_log where subject_id = ?1", subject) + " rows"));
            }
        }
        // The service's own records of the subject: its pending orders, and holds that have ended.
        entityManager.createNativeQuery("delete from retention_order where subject_id = ?1").setParameter(1, subject).executeUpdate();
        entityManager.createNativeQuery("""
                        delete from legal_hold where subject_id = ?1
                        and (lifted_at is not null or (held_until is not null and held_until <= ?2))""")
                .setParameter(1, subject).setParameter(2, now).executeUpdate();

        ErasureOutcome outcome = !retained.isEmpty() ? ErasureOutcome.PARTIALLY_ERASED
                : deleted + logsDeleted > 0 ? ErasureOutcome.ERASED : ErasureOutcome.NOTHING_HELD;
        outbox.publish(Events.ERASURE_CONFIRMED, subject, new ErasureConfirmed(order.orderId(), order.requestId(), subject,
                Systems.RETENTION, outcome, evidence, retained, notices, now));
        meters.counter("erasures.confirmed", "outcome", outcome.name()).increment();
        Log.infof("Erasure order %s (%s): %d inventory entries and %d connection logs deleted, %d held, outcome %s",
                order.orderId(), order.reason(), deleted, logsDeleted, kept, outcome);
    }

    private long count(String sql, String subject) {
        return ((Number) entityManager.createNativeQuery(sql).setParameter(1, subject).getSingleResult()).longValue();
    }
}
