package io.privacyplatform.retention.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.retention.RetentionSweep;
import io.privacyplatform.retention.config.RetentionConfig;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.outbox.OutboxRelay;
import io.privacyplatform.support.transaction.AfterCommit;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sweeps: on a schedule and on demand. Exactly one runs at a time across replicas (a transaction-scoped PostgreSQL
 * advisory lock, as the outbox relay does); the loser of a race skips (scheduled) or is told so (on demand). The
 * whole sweep is one transaction: the orders, their events in the outbox, the connection-log purge and the sweep's
 * record commit together or not at all. A single subject can be evaluated the same way inside the caller's
 * transaction ({@link #sweepSubject}), recorded as a sweep of its own.
 */
@ApplicationScoped
public class SweepService {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String ON_DEMAND = "ON_DEMAND";
    /** One subject evaluated at once because its restriction of processing was lifted. */
    public static final String RESTRICTION_LIFTED = "RESTRICTION_LIFTED";

    /** A finished sweep, and for a dry run the subjects it would order. */
    public record Result(RetentionSweep sweep, List<SweepStatements.Candidate> listed) {
    }

    private final EntityManager entityManager;
    private final SweepStatements statements;
    private final RetentionConfig config;
    private final OutboxRelay relay;
    private final AfterCommit afterCommit;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Clock clock;

    SweepService(EntityManager entityManager, RetentionPolicy policy, Register register, RetentionConfig config,
                 Outbox outbox, OutboxRelay relay, AfterCommit afterCommit, ObjectMapper json, MeterRegistry meters,
                 Clock clock) {
        this.entityManager = entityManager;
        this.statements = new SweepStatements(policy, register, outbox.bulk(), config.sweep().chunkSize());
        this.config = config;
        this.relay = relay;
        this.afterCommit = afterCommit;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(identity = "retention-sweep", cron = "${retention.sweep.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Optional<Result> result = sweep(SCHEDULED, false, null);
        if (result.isEmpty()) {
            Log.info("Scheduled sweep skipped: another replica is sweeping");
        }
    }

    /** Runs a sweep now; empty when another sweep holds the lock. */
    public Optional<Result> sweep(String trigger, boolean dryRun, String requestedBy) {
        Optional<Result> result = QuarkusTransaction.requiringNew().call(() -> run(trigger, dryRun, requestedBy));
        result.ifPresent(r -> {
            if (r.sweep().subjectsOrdered > 0 && !dryRun) {
                relay.wakeUp();
            }
            meters.counter("retention.sweeps", "trigger", trigger, "dry_run", Boolean.toString(dryRun)).increment();
            if (!dryRun) {
                meters.counter("retention.subjects.ordered").increment(r.sweep().subjectsOrdered);
                meters.counter("retention.connection_logs.purged").increment(r.sweep().connectionLogsPurged);
            }
            Log.infof("Sweep %s (%s%s): %d subjects %s (%d scoped to some purposes), %d connection logs %s", r.sweep().id,
                    trigger, dryRun ? ", dry run" : "", r.sweep().subjectsOrdered, dryRun ? "due" : "ordered", r.sweep().scopedOrders,
                    r.sweep().connectionLogsPurged, dryRun ? "purgeable" : "purged");
        });
        return result;
    }

    private Optional<Result> run(String trigger, boolean dryRun, String requestedBy) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        SweepStatements.Outcome[] outcome = new SweepStatements.Outcome[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            if (!SweepStatements.tryLock(connection)) {
                return;
            }
            SweepStatements.recordStart(connection, id, trigger, dryRun, requestedBy, now, now);
            outcome[0] = dryRun ? statements.dryRun(connection, now, config.sweep().dryRunListLimit())
                    : statements.execute(connection, id, now);
            SweepStatements.recordFinish(connection, id, outcome[0], countsJson(outcome[0]), clock.instant());
        });
        if (outcome[0] == null) {
            return Optional.empty();
        }
        return Optional.of(new Result(RetentionSweep.findById(id), outcome[0].listed()));
    }

    /**
     * Evaluates one subject now, in the caller's transaction, as a sweep does: orders its erasure (whole or scoped) if
     * it is due. Waits
     * for a sweep in progress to finish, so that the subject is ordered once.
     *
     * @return the number of subjects ordered (0 or 1)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long sweepSubject(String subjectId, String trigger) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        SweepStatements.Outcome[] outcome = new SweepStatements.Outcome[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            SweepStatements.lock(connection);
            SweepStatements.recordStart(connection, id, trigger, false, null, now, now);
            outcome[0] = statements.executeFor(connection, id, now, subjectId);
            SweepStatements.recordFinish(connection, id, outcome[0], countsJson(outcome[0]), clock.instant());
        });
        long ordered = outcome[0].subjectsOrdered();
        meters.counter("retention.sweeps", "trigger", trigger, "dry_run", "false").increment();
        meters.counter("retention.subjects.ordered").increment(ordered);
        Log.infof("Sweep %s (%s): %d subjects ordered (%d scoped)", id, trigger, ordered, outcome[0].scopedOrders());
        if (ordered > 0) {
            afterCommit.run(relay::wakeUp);
        }
        return ordered;
    }

    private String countsJson(SweepStatements.Outcome outcome) {
        try {
            return json.writeValueAsString(outcome.countsByRule());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("counts by rule cannot be written", e);
        }
    }
}
