package io.privacyplatform.retention.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.retention.LegalHold;
import io.privacyplatform.retention.SubjectRestriction;
import io.privacyplatform.policy.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A subject's retention clocks: for each purpose held, the rule that applies, the clock it starts from and the
 * expiry, and whether it is kept under an erasure's exemption; the purposes already erased (by which order, when);
 * the orders this service placed and their state; overall, when the subject's data will be erased and by which rule,
 * or what prevents it (a purpose without an end, a legal hold, a restriction of processing, an order already placed).
 * Retention is per purpose: an expired purpose is due on its own while others run. Expiries are the stored ones,
 * derived from the policy.
 */
@ApplicationScoped
public class RetentionClocks {

    public enum Status {
        /** Nothing held. */
        NOTHING_HELD,
        /** Held; the erasure date lies ahead. */
        RETAINED,
        /** Every purpose expired, none held: the next sweep orders the erasure of everything left. */
        DUE,
        /** Some purposes expired (and are not held) while others run or are held: the next sweep orders their scoped erasure. */
        PARTIALLY_DUE,
        /** Some purposes were erased by a scoped order; the others are retained, none due yet. */
        PARTIALLY_ERASED,
        /** Every purpose expired, but legal holds keep them all. */
        HELD,
        /** Processing is restricted (GDPR Art. 18): expiry is suspended until the restriction is lifted. */
        RESTRICTED,
        /** An erasure order for the expiry (whole or scoped) was placed and awaits execution. */
        ORDERED,
        /** A purpose has no known end yet (e.g. no anchor date), so no erasure date can be given. */
        OPEN_ENDED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleView(String code, String section, String summary, String text, String legalReference,
                           Period period, String parameter, RetentionPolicy.AtExpiry atExpiry) {
        static RuleView of(RetentionPolicy.Rule rule) {
            return new RuleView(rule.code(), rule.section(), rule.summary(), rule.text(), rule.legalReference(),
                    rule.period(), rule.parameter(), rule.atExpiry());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PurposeClock(String purpose, String title, String policySection, RetentionPolicy.LegalBasis legalBasis,
                               String legalBasisText, List<String> dataCategories, String source, Instant collectedAt,
                               Instant lastActivityAt, Instant contractEndAt, Instant offerEndAt, Instant withdrawnAt,
                               RuleView rule, String clockStartsFrom, Instant clockStartsAt, Instant expiresAt,
                               boolean expired, boolean held, KeptUnderExemption keptUnderExemption) {
    }

    /**
     * A purpose kept through a whole erasure because an exemption of the order names its rule: by which order, since
     * when, which systems keep which data under it. Its expiry orders the scoped erasure of what they kept.
     */
    public record KeptUnderExemption(java.util.UUID orderId, Instant since, List<String> systems, List<String> dataCategories) {
    }

    /**
     * An erasure order this service placed for the subject: whole ({@code purposes} absent) or scoped, the purposes
     * it keeps, the systems it expects, the rule and purpose that expired last, and its state: {@code PENDING} until
     * this service executed its part, then {@code EXECUTED} (kept while the subject still has entries).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderView(java.util.UUID orderId, Instant orderedAt, String state, Instant executedAt,
                            List<String> purposes, List<String> keptPurposes, List<String> expectedSystems, String rule,
                            String purpose) {
    }

    /** A purpose of the subject erased by a scoped order (its data went; the rest stayed). */
    public record ErasedPurpose(String purpose, java.util.UUID orderId, Instant orderedAt, Instant erasedAt) {
    }

    /** A hold as anyone may see it: scope and end, without the privacy officer's reason. */
    public record HoldSummary(java.util.UUID id, boolean allPurposes, List<String> purposes, Instant until) {
    }

    /**
     * A restriction of processing in force: since when, by which request (and order), and that no expiry erasure is
     * ordered while it holds; its lifting evaluates the subject at once.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestrictionSummary(Instant since, java.util.UUID requestId, java.util.UUID orderId,
                                     boolean expirySuspended) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConnectionLogSummary(long count, Instant oldestAt, Instant newestAt, Instant nextPurgeAt, RuleView rule) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubjectClocks(String subjectId, String policyVersion, Instant evaluatedAt, Status status,
                                Instant erasureAt, String erasurePurpose, RuleView erasureRule,
                                List<PurposeClock> purposes, List<ErasedPurpose> erased, List<OrderView> orders,
                                List<HoldSummary> activeHolds, RestrictionSummary restriction,
                                ConnectionLogSummary connectionLogs) {
    }

    private final EntityManager entityManager;
    private final RetentionPolicy policy;
    private final Clock clock;

    RetentionClocks(EntityManager entityManager, RetentionPolicy policy, Clock clock) {
        this.entityManager = entityManager;
        this.policy = policy;
        this.clock = clock;
    }

    @Transactional
    public SubjectClocks of(String subjectId) {
        Instant now = clock.instant();
        List<LegalHold> holds = LegalHold.activeOf(subjectId, now);
        List<PurposeClock> purposes = new ArrayList<>();
        for (InventoryEntry entry : InventoryEntry.ofSubject(subjectId)) {
            purposes.add(clock(entry, holds, now));
        }
        boolean openEnded = purposes.stream().anyMatch(p -> p.expiresAt() == null);
        PurposeClock last = purposes.stream().filter(p -> p.expiresAt() != null)
                .max(Comparator.comparing(PurposeClock::expiresAt)).orElse(null);
        List<OrderView> orders = orders(subjectId);
        boolean ordered = orders.stream().anyMatch(o -> o.executedAt() == null);
        List<ErasedPurpose> erased = orders.stream().filter(o -> o.executedAt() != null && o.purposes() != null)
                .flatMap(o -> o.purposes().stream().map(p -> new ErasedPurpose(p, o.orderId(), o.orderedAt(), o.executedAt())))
                .toList();
        boolean allExpired = !purposes.isEmpty() && !openEnded && purposes.stream().allMatch(PurposeClock::expired);
        long due = purposes.stream().filter(p -> p.expired() && !p.held()).count();
        RestrictionSummary restriction = SubjectRestriction.of(subjectId)
                .map(r -> new RestrictionSummary(r.restrictedAt, r.requestId, r.orderId, true)).orElse(null);
        Status status = purposes.isEmpty() ? Status.NOTHING_HELD
                : ordered ? Status.ORDERED
                : restriction != null ? Status.RESTRICTED
                : due > 0 ? (due == purposes.size() && holds.isEmpty() ? Status.DUE : Status.PARTIALLY_DUE)
                : allExpired ? Status.HELD
                : openEnded ? Status.OPEN_ENDED
                : !erased.isEmpty() || purposes.stream().anyMatch(p -> p.keptUnderExemption() != null) ? Status.PARTIALLY_ERASED
                : Status.RETAINED;
        Instant erasureAt = openEnded || last == null ? null : last.expiresAt();
        return new SubjectClocks(subjectId, policy.version(), now, status, erasureAt,
                erasureAt == null ? null : last.purpose(), erasureAt == null ? null : last.rule(), purposes, erased, orders,
                holds.stream().map(h -> new HoldSummary(h.id, h.allPurposes, List.copyOf(h.purposeSet()), h.heldUntil)).toList(),
                restriction, connectionLogs(subjectId));
    }

    private List<OrderView> orders(String subjectId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        select order_id, ordered_at, executed_at, scope_purposes, kept_purposes, expected_systems, rule, purpose
                        from retention_order where subject_id = ?1 order by ordered_at, order_id""")
                .setParameter(1, subjectId).getResultList();
        return rows.stream().map(r -> new OrderView((java.util.UUID) r[0], toInstant(r[1]), r[2] == null ? "PENDING" : "EXECUTED",
                r[2] == null ? null : toInstant(r[2]), r[3] == null ? null : SweepStatements.codes((String) r[3]),
                r[3] == null ? null : SweepStatements.codes((String) r[4]), SweepStatements.codes((String) r[5]),
                (String) r[6], (String) r[7])).toList();
    }

    private PurposeClock clock(InventoryEntry entry, List<LegalHold> holds, Instant now) {
        RetentionPolicy.Purpose purpose = policy.purpose(entry.purpose).orElse(null);
        RetentionPolicy.Rule rule = purpose == null ? null : policy.ruleOf(purpose);
        String startsFrom = null;
        Instant startsAt = null;
        if (rule != null) {
            if (rule.withdrawalEnds() && entry.withdrawnAt != null) {
                startsFrom = "withdrawal";
                startsAt = entry.withdrawnAt;
            } else {
                Map<RetentionPolicy.Anchor, Instant> anchors = new EnumMap<>(RetentionPolicy.Anchor.class);
                put(anchors, RetentionPolicy.Anchor.COLLECTED_AT, entry.collectedAt);
                put(anchors, RetentionPolicy.Anchor.LAST_ACTIVITY, entry.lastActivityAt);
                put(anchors, RetentionPolicy.Anchor.CONTRACT_END, entry.contractEndAt);
                put(anchors, RetentionPolicy.Anchor.OFFER_END, entry.offerEndAt);
                var latest = rule.latestAnchor(anchors);
                startsFrom = latest.map(e -> e.getKey().code()).orElse(null);
                startsAt = latest.map(Map.Entry::getValue).orElse(null);
            }
        }
        boolean held = holds.stream().anyMatch(h -> h.covers(entry.purpose));
        return new PurposeClock(entry.purpose, purpose == null ? null : purpose.title(),
                purpose == null ? null : purpose.section(), purpose == null ? null : purpose.legalBasis(),
                purpose == null ? null : purpose.legalBasisText(),
                entry.dataCategories.stream().sorted().map(DataCategory::code).toList(), entry.source,
                entry.collectedAt, entry.lastActivityAt, entry.contractEndAt, entry.offerEndAt, entry.withdrawnAt,
                rule == null ? null : RuleView.of(rule), startsFrom, startsAt, entry.expiresAt,
                entry.expiresAt != null && !entry.expiresAt.isAfter(now), held,
                entry.exemptedByOrder == null ? null : new KeptUnderExemption(entry.exemptedByOrder, entry.exemptedAt,
                        SweepStatements.codes(entry.exemptionSystems), SweepStatements.codes(entry.exemptionCategories)));
    }

    private ConnectionLogSummary connectionLogs(String subjectId) {
        Object[] row = (Object[]) entityManager.createNativeQuery(
                        "select count(*), min(occurred_at), max(occurred_at) from connection_log where subject_id = ?1")
                .setParameter(1, subjectId).getSingleResult();
        long count = ((Number) row[0]).longValue();
        if (count == 0) {
            return null;
        }
        RetentionPolicy.Rule rule = policy.ruleOf(policy.connectionLogPurpose());
        Instant oldest = toInstant(row[1]);
        return new ConnectionLogSummary(count, oldest, toInstant(row[2]),
                oldest.atOffset(java.time.ZoneOffset.UTC).plus(rule.period()).toInstant(), RuleView.of(rule));
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }

    private static void put(Map<RetentionPolicy.Anchor, Instant> anchors, RetentionPolicy.Anchor anchor, Instant value) {
        if (value != null) {
            anchors.put(anchor, value);
        }
    }

}
