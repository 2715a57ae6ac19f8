package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.InventoryEntry;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Executes an erasure order (a data-subject request's, or this service's own for an expired retention) on this
 * service's records of the subject: inventory entries, connection logs, pending orders, ended holds.
 * <ul>
 *   <li>A scoped order ({@code ErasureScope}) deletes the entries of its purposes only; the others stay and the
 *       confirmation names each with its rule and expiry. The order stays recorded as executed while the subject
 *       still has entries (the clocks show what went).</li>
 *   <li>A whole order deletes every entry, except the purposes whose rule an exemption of the order names (e.g.
 *       invoices Stripe keeps under accounting-ten-years: the billing entry is kept, or created anchored at the
 *       order's time, and marked with the order, the systems and the categories): at their expiry the sweep orders
 *       their scoped erasure, which reaches what those systems kept. A scoped order with such exemptions spares them
 *       the same way among its purposes (the sweep's own orders carry none).</li>
 * </ul>
 * What an active legal hold covers stays, and so do connection logs when the policy keeps them on erasure (a legal
 * obligation, section 8): both are named in the confirmation's {@code retained}, with outcome PARTIALLY_ERASED.
 * Entries whose rule anonymizes are first counted into the monthly aggregates, which carry no subject id.
 */
@ApplicationScoped
public class SubjectErasure {

    /** How an entry learned through an erasure's exemption is recorded ({@code inventory_entry.source}). */
    public static final String EXEMPTION_SOURCE = "erasure-exemption";

    /** The purposes an exemption keeps: the rule that bounds the keeping, where and what is kept. */
    private record Keeping(String rule, Set<String> systems, Set<String> categories) {
    }

    private final EntityManager entityManager;
    private final RetentionPolicy policy;
    private final PolicyApplier policyApplier;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    SubjectErasure(EntityManager entityManager, RetentionPolicy policy, PolicyApplier policyApplier, Outbox outbox,
                   MeterRegistry meters, Clock clock) {
        this.entityManager = entityManager;
        this.policy = policy;
        this.policyApplier = policyApplier;
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
        ErasureScope scope = order.scope();
        List<LegalHold> holds = LegalHold.activeOf(subject, now);
        boolean allHeld = holds.stream().anyMatch(h -> h.allPurposes);
        Set<String> held = new TreeSet<>();
        holds.forEach(h -> held.addAll(h.purposeSet()));
        Map<String, Keeping> exempted = keptUnderExemptions(order.exemptions());
        if (scope != null) {
            // A scoped order (a request's, with purposes kept) spares only the exempted purposes it reaches.
            exempted.keySet().retainAll(scope.purposes());
        }
        Set<String> spared = new TreeSet<>(held);
        spared.addAll(exempted.keySet());
        String[] sparedArray = spared.toArray(String[]::new);
        // A whole order reaches every purpose; a scoped one its purposes only.
        String[] reached = (scope == null ? policy.purposes().stream().map(RetentionPolicy.Purpose::code).toList()
                : scope.purposes()).toArray(String[]::new);

        long deleted = 0;
        if (!allHeld) {
            entityManager.createNativeQuery("""
                            insert into retention_statistic (month, purpose, subjects)
                            select cast(date_trunc('month', e.collected_at at time zone 'UTC') as date), e.purpose, count(*)
                            from inventory_entry e
                            where e.subject_id = ?1 and e.purpose = any(cast(?2 as varchar[]))
                              and not e.purpose = any(cast(?3 as varchar[])) and e.purpose = any(cast(?4 as varchar[]))
                            group by 1, 2
                            on conflict (month, purpose) do update set subjects = retention_statistic.subjects + excluded.subjects""")
                    .setParameter(1, subject)
                    .setParameter(2, policy.anonymizedPurposes().toArray(String[]::new))
                    .setParameter(3, sparedArray)
                    .setParameter(4, reached)
                    .executeUpdate();
            deleted = entityManager.createNativeQuery("""
                            delete from inventory_entry where subject_id = ?1 and not purpose = any(cast(?2 as varchar[]))
                              and (?4 or purpose = any(cast(?3 as varchar[])))""")
                    .setParameter(1, subject).setParameter(2, sparedArray).setParameter(3, reached)
                    .setParameter(4, scope == null).executeUpdate();
        }
        keepUnderExemptions(order, exempted);
        long left = count("select count(*) from inventory_entry where subject_id = ?1", subject);

        List<Evidence> evidence = new ArrayList<>();
        List<Exemption> retained = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        evidence.add(new Evidence("inventory-entries", deleted + " rows", "DELETE", deleted > 0 ? "deleted" : "already-absent",
                left == 0 ? "re-count: 0 rows" : "re-count: " + left + " rows, all "
                        + (scope == null ? "under a legal hold or an exemption" : "kept: held, or outside the scope")));
        for (LegalHold hold : holds) {
            String what = hold.allPurposes ? "inventory:all-purposes" : "inventory:" + hold.purposes.replace(",", "+");
            retained.add(new Exemption(Systems.RETENTION, what, "Legal hold " + hold.id + " placed by the privacy officer"
                    + (hold.heldUntil == null ? ", until lifted" : ", until " + hold.heldUntil)));
        }
        if (!allHeld) {
            for (InventoryEntry entry : InventoryEntry.ofSubject(subject)) {
                if (!held.contains(entry.purpose)) {
                    retained.add(keptEntry(entry, exempted.get(entry.purpose)));
                }
            }
        }

        RetentionPolicy.Purpose connectionPurpose = policy.connectionLogPurpose();
        RetentionPolicy.Rule connectionRule = policy.ruleOf(connectionPurpose);
        long logs = scope == null || scope.purposes().contains(connectionPurpose.code())
                ? count("select count(*) from connection_log where subject_id = ?1", subject) : 0;
        long logsDeleted = 0;
        if (logs > 0) {
            if (allHeld || held.contains(connectionPurpose.code())) {
                // Named by the hold's exemption above.
            } else if (connectionRule.keptWhenErased()) {
                retained.add(new Exemption(Systems.RETENTION, "connection-logs",
                        connectionRule.legalReference() + " (policy " + connectionRule.section() + "): "
                                + logs + " rows kept until " + connectionRule.period() + " after each connection",
                        connectionRule.code()));
                notices.add("Connection logs (IP addresses) are kept for one year after each connection, as the law "
                        + "requires of hosting providers (policy section 8), then deleted.");
            } else {
                logsDeleted = entityManager.createNativeQuery("delete from connection_log where subject_id = ?1")
                        .setParameter(1, subject).executeUpdate();
                evidence.add(new Evidence("connection-logs", logsDeleted + " rows", "DELETE", "deleted",
                        "re-count: " + count("select count(*) from connection_log where subject_id = ?1", subject) + " rows"));
            }
        }
        recordExecution(order, left, now);
        entityManager.createNativeQuery("""
                        delete from legal_hold where subject_id = ?1
                        and (lifted_at is not null or (held_until is not null and held_until <= ?2))""")
                .setParameter(1, subject).setParameter(2, now).executeUpdate();

        ErasureOutcome outcome = !retained.isEmpty() ? ErasureOutcome.PARTIALLY_ERASED
                : deleted + logsDeleted > 0 ? ErasureOutcome.ERASED : ErasureOutcome.NOTHING_HELD;
        outbox.publish(Events.ERASURE_CONFIRMED, subject, new ErasureConfirmed(order.orderId(), order.requestId(), subject,
                Systems.RETENTION, outcome, evidence, retained, notices, now));
        meters.counter("erasures.confirmed", "outcome", outcome.name()).increment();
        Log.infof("Erasure order %s (%s, %s): %d inventory entries and %d connection logs deleted, %d kept, outcome %s",
                order.orderId(), order.reason(), scope == null ? "whole" : "scoped to " + scope.purposes().size() + " purposes",
                deleted, logsDeleted, left, outcome);
    }

    /**
     * The service's own records of its orders: once the subject has nothing left, or the order erased the whole
     * subject, none stays (the erasure leaves no trace of the subject); otherwise this order is marked executed, so the
     * clocks show what it erased and the sweep may order the subject again when another purpose expires.
     */
    private void recordExecution(ErasureOrdered order, long entriesLeft, Instant now) {
        if (order.whole() || entriesLeft == 0) {
            entityManager.createNativeQuery("delete from retention_order where subject_id = ?1")
                    .setParameter(1, order.subjectId()).executeUpdate();
        } else {
            entityManager.createNativeQuery("update retention_order set executed_at = ?3 where subject_id = ?1 and order_id = ?2")
                    .setParameter(1, order.subjectId()).setParameter(2, order.orderId()).setParameter(3, now)
                    .executeUpdate();
        }
    }

    /** The policy purposes whose rule an exemption of the order names, with what keeps them. */
    private Map<String, Keeping> keptUnderExemptions(List<Exemption> exemptions) {
        Map<String, Keeping> kept = new TreeMap<>();
        for (Exemption exemption : exemptions) {
            if (exemption.rule() == null) {
                continue;
            }
            for (RetentionPolicy.Purpose purpose : policy.purposes()) {
                if (purpose.rule().equals(exemption.rule())) {
                    Keeping keeping = kept.computeIfAbsent(purpose.code(),
                            p -> new Keeping(exemption.rule(), new TreeSet<>(), new TreeSet<>()));
                    keeping.systems().add(exemption.system());
                    keeping.categories().add(exemption.dataCategory());
                }
            }
        }
        return kept;
    }

    /**
     * Marks the entries kept under the order's exemptions, creating those the subject has not (anchored at the
     * order's time: the keeping starts then at the latest), and recomputes their expiry.
     */
    private void keepUnderExemptions(ErasureOrdered order, Map<String, Keeping> exempted) {
        if (exempted.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Keeping> kept : exempted.entrySet()) {
            entityManager.createNativeQuery("""
                            insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at,
                                                         source, exempted_by_order, exempted_at, exemption_systems,
                                                         exemption_categories)
                            values (?1, ?2, '', ?3, ?3, ?4, ?5, ?6, ?7, ?8)
                            on conflict (subject_id, purpose) do update set exempted_by_order = excluded.exempted_by_order,
                                exempted_at = excluded.exempted_at, exemption_systems = excluded.exemption_systems,
                                exemption_categories = excluded.exemption_categories""")
                    .setParameter(1, order.subjectId()).setParameter(2, kept.getKey())
                    .setParameter(3, order.orderedAt()).setParameter(4, EXEMPTION_SOURCE)
                    .setParameter(5, order.orderId()).setParameter(6, clock.instant())
                    .setParameter(7, String.join(",", kept.getValue().systems()))
                    .setParameter(8, String.join(",", kept.getValue().categories()))
                    .executeUpdate();
        }
        policyApplier.recompute(List.of(order.subjectId()));
    }

    /** An entry that stays after the order: its purpose, and the rule and expiry that end it. */
    private Exemption keptEntry(InventoryEntry entry, Keeping exemption) {
        RetentionPolicy.Purpose purpose = policy.purpose(entry.purpose).orElse(null);
        RetentionPolicy.Rule rule = purpose == null ? null : policy.ruleOf(purpose);
        String basis = rule == null ? "Purpose " + entry.purpose + " outside the policy"
                : (rule.legalReference() != null ? rule.legalReference() : purpose.legalBasisText())
                + " (policy " + rule.section() + ", rule " + rule.code() + ")";
        String why = exemption != null
                ? ": kept while " + String.join(", ", exemption.systems()) + " keep " + String.join(", ", exemption.categories())
                : ": still running";
        String until = entry.expiresAt == null ? ", no end known yet" : ", until " + entry.expiresAt;
        return new Exemption(Systems.RETENTION, "inventory:" + entry.purpose, basis + why + until,
                rule == null ? null : rule.code());
    }

    private long count(String sql, String subject) {
        return ((Number) entityManager.createNativeQuery(sql).setParameter(1, subject).getSingleResult()).longValue();
    }
}
