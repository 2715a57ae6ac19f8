package io.privacyplatform.partnersync.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Task metrics. Labels are partner, state, kind (and outcome for confirmations): never an id.
 * <ul>
 *   <li>{@code partner_tasks{partner,state,kind}}: tasks per state, read from the database every
 *   {@code partner-sync.metrics.every} (the same value on every replica);</li>
 *   <li>{@code partner_tasks_oldest_pending_seconds{partner}}: age of the oldest unfinished task (PENDING or IN_FLIGHT),
 *   0 when there is none: the propagation lag;</li>
 *   <li>{@code partner_task_retries_total{partner,kind}}: failed attempts rescheduled by this instance;</li>
 *   <li>{@code partner_tasks_dead_total{partner,kind}}: tasks this instance moved to DEAD;</li>
 *   <li>{@code partner_erasure_confirmations_total{partner,outcome}}: erasure-confirmed events published;</li>
 *   <li>{@code partner_order_confirmations_total{partner,kind,outcome}}: order-confirmed events published.</li>
 * </ul>
 */
@ApplicationScoped
public class TaskMetrics {

    private final MeterRegistry registry;
    private final EntityManager entityManager;
    private final Clock clock;
    private final Map<String, AtomicLong> tasks = new HashMap<>();
    private final Map<String, AtomicLong> oldestPendingSeconds = new HashMap<>();

    TaskMetrics(MeterRegistry registry, EntityManager entityManager, PartnerConnectors partners, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.entityManager = entityManager;
        for (String partner : partners.names()) {
            List<TaskKind> kinds = PartnerObjectType.taskKindsOf(partner);
            for (TaskKind kind : kinds) {
                for (TaskState state : TaskState.values()) {
                    AtomicLong value = new AtomicLong();
                    tasks.put(key(partner, state.name(), kind.name()), value);
                    Gauge.builder("partner.tasks", value, AtomicLong::get)
                            .description("Partner tasks by partner, state and kind")
                            .tag("partner", partner).tag("state", state.name()).tag("kind", kind.name())
                            .register(registry);
                }
            }
            for (TaskKind kind : kinds) {
                // Registered up front, so that the series exist at 0 before the first retry or dead task.
                retriedCounter(partner, kind);
                deadCounter(partner, kind);
            }
            AtomicLong age = new AtomicLong();
            oldestPendingSeconds.put(partner, age);
            Gauge.builder("partner.tasks.oldest.pending.seconds", age, AtomicLong::get)
                    .description("Age of the oldest unfinished (PENDING or IN_FLIGHT) task of the partner, 0 when none")
                    .tag("partner", partner)
                    .register(registry);
        }
    }

    private static String key(String partner, String state, String kind) {
        return partner + "/" + state + "/" + kind;
    }

    @Scheduled(identity = "partner-sync-task-metrics", every = "${partner-sync.metrics.every:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshScheduled() {
        try {
            refresh();
        } catch (RuntimeException e) {
            Log.debugf("Could not refresh the task gauges: %s", SafeLog.describe(e));
        }
    }

    /** Reads the gauges' values from the database (two grouped queries). */
    public void refresh() {
        QuarkusTransaction.requiringNew().run(() -> {
            Set<String> seen = new HashSet<>();
            @SuppressWarnings("unchecked")
            List<Object[]> counts = entityManager.createNativeQuery(
                    "select partner, state, kind, count(*) from partner_task group by partner, state, kind").getResultList();
            for (Object[] row : counts) {
                String key = key((String) row[0], (String) row[1], (String) row[2]);
                AtomicLong value = tasks.get(key);
                if (value != null) {
                    value.set(((Number) row[3]).longValue());
                    seen.add(key);
                }
            }
            tasks.forEach((key, value) -> {
                if (!seen.contains(key)) {
                    value.set(0);
                }
            });

            Instant now = Instant.now(clock);
            Map<String, Long> ages = new HashMap<>();
            @SuppressWarnings("unchecked")
            List<Object[]> oldest = entityManager.createNativeQuery(
                    "select partner, min(created_at) from partner_task where state in ('PENDING', 'IN_FLIGHT') group by partner")
                    .getResultList();
            for (Object[] row : oldest) {
                Instant created = toInstant(row[1]);
                if (created != null) {
                    ages.put((String) row[0], Math.max(0, Duration.between(created, now).toSeconds()));
                }
            }
            oldestPendingSeconds.forEach((partner, value) -> value.set(ages.getOrDefault(partner, 0L)));
        });
    }

    public static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        return null;
    }

    void retried(String partner, TaskKind kind) {
        retriedCounter(partner, kind).increment();
    }

    void dead(String partner, TaskKind kind) {
        deadCounter(partner, kind).increment();
    }

    private Counter retriedCounter(String partner, TaskKind kind) {
        return Counter.builder("partner.task.retries")
                .description("Failed task attempts rescheduled for a retry, by partner and kind")
                .tag("partner", partner).tag("kind", kind.name())
                .register(registry);
    }

    private Counter deadCounter(String partner, TaskKind kind) {
        return Counter.builder("partner.tasks.dead")
                .description("Tasks moved to DEAD (not retryable or out of retries), by partner and kind")
                .tag("partner", partner).tag("kind", kind.name())
                .register(registry);
    }

    void confirmed(String partner, ErasureOutcome outcome) {
        Counter.builder("partner.erasure.confirmations")
                .description("erasure-confirmed events published, by partner and outcome")
                .tag("partner", partner)
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
    }

    void confirmed(String partner, OrderKind kind, OrderOutcome outcome) {
        Counter.builder("partner.order.confirmations")
                .description("order-confirmed events published, by partner, order kind and outcome")
                .tag("partner", partner)
                .tag("kind", kind.name())
                .tag("outcome", outcome.name())
                .register(registry)
                .increment();
    }
}
