package io.privacyplatform.retention.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.TrackedErasureConfirmation;
import io.privacyplatform.retention.TrackedErasureOrder;
import io.privacyplatform.retention.config.ErasureOrderTrackingConfig;
import io.privacyplatform.policy.RetentionPolicy;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The erasure orders this service places (retention expiry, whole or scoped), tracked like a request's erasure in
 * request-service: the order as it went out, each expected system's latest answer, completion once every one answered
 * with something else than FAILED, and the officer's attention list of silent or failed systems. Orders of requests
 * are request-service's to track: their confirmations carry a request id and are ignored here.
 */
@ApplicationScoped
public class ErasureOrderTracking {

    /** Status of a system that has not answered yet. */
    public static final String AWAITING = "awaiting";

    private static final TypeReference<List<Exemption>> EXEMPTIONS = new TypeReference<>() { };

    /** The record of the policy file's rule (heldBy retention-service) that bounds how long the tracking is kept. */
    public static final String RECORD = "tracked-erasure-orders";

    private final ObjectMapper objectMapper;
    private final ErasureOrderTrackingConfig config;
    private final Clock clock;
    private final RetentionPolicy.Rule proofRule;

    ErasureOrderTracking(ObjectMapper objectMapper, ErasureOrderTrackingConfig config, Clock clock, RetentionPolicy policy) {
        this.objectMapper = objectMapper;
        this.config = config;
        this.clock = clock;
        this.proofRule = policy.rulesHeldBy(RetentionPolicy.RETENTION_SERVICE).stream()
                .filter(r -> r.records().contains(RECORD)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no rule of the policy file (heldBy "
                        + RetentionPolicy.RETENTION_SERVICE + ") covers the record " + RECORD));
    }

    /**
     * Deletes the orders completed longer ago than the policy's rule says (5 years, Code civil art. 2224), answers
     * included. Plain deletes: two replicas running it at once delete each row once. Open orders stay: they are on the
     * officer's list until every system confirmed.
     */
    @Scheduled(cron = "{retention.erasure-orders.purge-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgeOnSchedule() {
        deleteExpiredProof();
    }

    /** As the schedule does, now; answers how many orders were deleted. */
    @Transactional
    public int purgeProof() {
        return deleteExpiredProof();
    }

    private int deleteExpiredProof() {
        Instant before = clock.instant().atOffset(java.time.ZoneOffset.UTC).minus(proofRule.period()).toInstant();
        List<UUID> expired = TrackedErasureOrder.<TrackedErasureOrder>find("completedAt < ?1", before).stream()
                .map(o -> o.orderId).toList();
        if (expired.isEmpty()) {
            return 0;
        }
        TrackedErasureConfirmation.delete("key.orderId in ?1", expired);
        int deleted = (int) TrackedErasureOrder.delete("orderId in ?1", expired);
        Log.infof("Deleted %d completed retention erasure orders older than %s (rule %s)", deleted, proofRule.period(),
                proofRule.code());
        return deleted;
    }

    /** This service's own orders only (a retention expiry has no request). */
    public static boolean placedByRetention(ErasureOrdered order) {
        return order.reason() == ErasureReason.RETENTION_EXPIRED && order.requestId() == null;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOrder(ErasureOrdered order) {
        if (!placedByRetention(order) || TrackedErasureOrder.of(order.orderId()).isPresent()) {
            return;
        }
        TrackedErasureOrder tracked = new TrackedErasureOrder();
        tracked.orderId = order.orderId();
        tracked.subjectId = order.subjectId();
        tracked.expectedSystems = String.join(",", order.expectedSystems());
        if (order.scope() != null) {
            tracked.scopePurposes = String.join(",", order.scope().purposes());
            tracked.keptPurposes = String.join(",", order.scope().keptPurposes());
        }
        tracked.orderedAt = order.orderedAt();
        tracked.persist();
        // Confirmations read on the other topic may have come first.
        completeIfAnswered(tracked);
    }

    /** Records a system's answer to an order without request (the latest answer of a system wins). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordConfirmation(ErasureConfirmed confirmed) {
        if (confirmed.requestId() != null) {
            return;
        }
        TrackedErasureConfirmation.Key key = new TrackedErasureConfirmation.Key(confirmed.orderId(), confirmed.system());
        TrackedErasureConfirmation row = TrackedErasureConfirmation.<TrackedErasureConfirmation>findByIdOptional(key)
                .orElseGet(() -> {
                    TrackedErasureConfirmation created = new TrackedErasureConfirmation();
                    created.key = key;
                    return created;
                });
        if (row.confirmedAt != null && row.confirmedAt.isAfter(confirmed.confirmedAt())) {
            return;
        }
        row.outcome = confirmed.outcome().name();
        row.evidenceItems = confirmed.evidence().size();
        row.retained = json(confirmed.retained());
        row.confirmedAt = confirmed.confirmedAt();
        row.persist();
        TrackedErasureOrder.of(confirmed.orderId()).ifPresent(this::completeIfAnswered);
    }

    private void completeIfAnswered(TrackedErasureOrder order) {
        Map<String, TrackedErasureConfirmation> answers = answersOf(order.orderId);
        boolean done = order.expectedSystemList().stream().allMatch(s -> answers.containsKey(s)
                && !ErasureOutcome.FAILED.name().equals(answers.get(s).outcome));
        if (done && order.completedAt == null) {
            order.completedAt = answers.values().stream().map(a -> a.confirmedAt).max(Comparator.naturalOrder())
                    .orElse(order.orderedAt);
            Log.infof("Retention erasure order %s completed by %d systems", order.orderId, answers.size());
        } else if (!done && order.completedAt != null) {
            // A system answered FAILED after all: the order is open again.
            order.completedAt = null;
        }
    }

    private static Map<String, TrackedErasureConfirmation> answersOf(UUID orderId) {
        return TrackedErasureConfirmation.ofOrder(orderId).stream()
                .collect(Collectors.toMap(c -> c.key.system(), Function.identity(), (a, b) -> b));
    }

    /** The subject's orders, oldest first, with every expected system's answer or {@value #AWAITING}. */
    public List<OrderView> ofSubject(String subjectId) {
        return views(TrackedErasureOrder.ofSubject(subjectId));
    }

    /**
     * The open orders needing the officer: placed longer ago than the silence alert with a system still silent, or
     * with a system that answered FAILED.
     */
    public List<OrderView> attention() {
        Instant now = clock.instant();
        Instant silentBefore = now.minus(config.silenceAlert());
        return views(TrackedErasureOrder.openSince(now, config.attentionLimit())).stream()
                .filter(o -> o.systems().stream().anyMatch(s -> ErasureOutcome.FAILED.name().equals(s.status()))
                        || (o.orderedAt().isBefore(silentBefore) && !o.awaiting().isEmpty()))
                .toList();
    }

    private List<OrderView> views(List<TrackedErasureOrder> orders) {
        Map<UUID, List<TrackedErasureConfirmation>> answers = TrackedErasureConfirmation
                .ofOrders(orders.stream().map(o -> o.orderId).toList()).stream()
                .collect(Collectors.groupingBy(c -> c.key.orderId()));
        List<OrderView> views = new ArrayList<>();
        for (TrackedErasureOrder order : orders) {
            Map<String, TrackedErasureConfirmation> bySystem = answers.getOrDefault(order.orderId, List.of()).stream()
                    .collect(Collectors.toMap(c -> c.key.system(), Function.identity(), (a, b) -> b));
            List<SystemView> systems = new ArrayList<>();
            List<String> awaiting = new ArrayList<>();
            for (String system : order.expectedSystemList()) {
                TrackedErasureConfirmation answer = bySystem.get(system);
                if (answer == null) {
                    awaiting.add(system);
                    systems.add(new SystemView(system, AWAITING, null, 0, List.of()));
                } else {
                    systems.add(new SystemView(system, answer.outcome, answer.confirmedAt, answer.evidenceItems,
                            read(answer.retained)));
                }
            }
            views.add(new OrderView(order.orderId, order.subjectId,
                    order.scopePurposes == null ? null : new ScopeView(TrackedErasureOrder.split(order.scopePurposes),
                            TrackedErasureOrder.split(order.keptPurposes)),
                    order.orderedAt, order.completedAt, order.completedAt != null ? "COMPLETED" : "IN_PROGRESS",
                    systems, awaiting));
        }
        return views;
    }

    private String json(List<Exemption> exemptions) {
        try {
            return objectMapper.writeValueAsString(exemptions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("retained data of a confirmation cannot be written", e);
        }
    }

    private List<Exemption> read(String json) {
        try {
            return objectMapper.readValue(json, EXEMPTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored retained data cannot be read", e);
        }
    }

    /**
     * An erasure order of this service: {@code scope} null when it erased everything; {@code status} IN_PROGRESS or
     * COMPLETED.
     */
    public record OrderView(UUID orderId, String subjectId, ScopeView scope, Instant orderedAt, Instant completedAt,
                            String status, List<SystemView> systems, List<String> awaiting) {
    }

    /** The purposes whose data went, and the purposes whose data stays (why the rest is kept). */
    public record ScopeView(List<String> purposes, List<String> keptPurposes) {
    }

    /**
     * One expected system: its outcome (ERASED, NOTHING_HELD, PARTIALLY_ERASED, FAILED) or {@value #AWAITING}, how many
     * evidence items it gave, and what it keeps, with the legal basis and the rule that ends the keeping.
     */
    public record SystemView(String system, String status, Instant confirmedAt, int evidenceItems, List<Exemption> retained) {
    }
}
