package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.privacyplatform.support.retry.Backoff;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The two short transactions around a partner call: {@link #claim} (PENDING or expired IN_FLIGHT → IN_FLIGHT with
 * a lease, {@code FOR UPDATE SKIP LOCKED} so replicas never claim the same task) and {@link #record} (the result,
 * only if the lease is still ours). Partner calls happen between them, outside any transaction.
 */
@ApplicationScoped
public class TaskStore {

    static final String LEASE_EXPIRED = "lease expired: the run that claimed the task never reported (instance stopped?)";
    static final String INSTANCE_GONE = "instance gone: the instance that claimed the task stopped counting itself live "
            + "before its run reported (killed?)";
    static final int MAX_ERROR_LENGTH = 500;

    private final EntityManager entityManager;
    private final TaskHandlers handlers;
    private final TaskMetrics metrics;
    private final TaskConfig config;
    private final Backoff backoff;
    private final LiveInstances instances;
    private final Clock clock;

    TaskStore(EntityManager entityManager, TaskHandlers handlers, TaskMetrics metrics, TaskConfig config,
              LiveInstances instances, Clock clock) {
        this.entityManager = entityManager;
        this.instances = instances;
        this.handlers = handlers;
        this.metrics = metrics;
        this.config = config;
        this.clock = clock;
        this.backoff = Backoff.withJitter(config.retry().initialBackoff(), config.retry().maxBackoff(),
                config.retry().jitter());
    }

    /**
     * Tasks claimed by one call of {@link #claim}.
     *
     * @param nextDue when fewer tasks than asked for were due: when the partner's next PENDING task is due, or its
     *                earliest lease expires, if any
     */
    public record Claim(List<ClaimedTask> tasks, Optional<Instant> nextDue) {
    }

    /**
     * Claims up to {@code max} due tasks of one partner: PENDING ones whose next attempt is due, and IN_FLIGHT ones
     * whose lease ran out or whose instance is no longer live (it crashed or was killed: {@link LiveInstances} forgets
     * it after {@code partners.instances.expiry}, so its tasks wait seconds, not the whole lease). A task claimed less
     * than that expiry ago is left to its instance whatever the instance table says. Each claim counts an attempt, taken
     * back if no call is made. Only {@code kinds} are claimed (one lane's, among those this version has a handler for:
     * during a rolling upgrade, tasks of a newer kind wait for a newer instance).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Claim claim(String partner, List<String> kinds, int max) {
        if (max < 1 || kinds.isEmpty()) {
            return new Claim(List.of(), Optional.empty());
        }
        Instant now = Instant.now(clock);
        List<String> runnable = kinds;
        @SuppressWarnings("unchecked")
        List<PartnerTask> due = entityManager.createNativeQuery("""
                        select * from partner_task
                        where partner = ?1
                          and ((state = 'PENDING' and next_attempt_at <= ?2)
                               or (state = 'IN_FLIGHT' and (lease_until < ?2
                                   or (leased_by is not null and last_attempt_at < ?5 and not exists (
                                         select 1 from partner_sync_instance i where i.instance_id = leased_by)))))
                          and kind in (?4)
                        order by next_attempt_at
                        limit ?3
                        for update skip locked""", PartnerTask.class)
                .setParameter(1, partner)
                .setParameter(2, now)
                .setParameter(3, max)
                .setParameter(4, runnable)
                .setParameter(5, now.minus(instances.expiry()))
                .getResultList();
        List<ClaimedTask> claimed = new ArrayList<>(due.size());
        Instant leaseUntil = now.plus(config.worker().lease());
        for (PartnerTask task : due) {
            if (task.state == TaskState.IN_FLIGHT) {
                boolean expired = task.leaseUntil == null || task.leaseUntil.isBefore(now);
                Log.warnf("Task %s at %s: %s, claimed again", task.id, task.partner,
                        expired ? "lease expired" : "its instance is gone");
                setError(task, null, null, expired ? LEASE_EXPIRED : INSTANCE_GONE);
            }
            task.state = TaskState.IN_FLIGHT;
            task.leaseToken = UUID.randomUUID();
            task.leaseUntil = leaseUntil;
            task.leasedBy = instances.id();
            task.attempts++;
            task.claims++;
            task.lastAttemptAt = now;
            claimed.add(ClaimedTask.of(task));
        }
        Optional<Instant> nextDue = Optional.empty();
        if (claimed.size() < max) {
            Object next = entityManager.createNativeQuery("""
                            select least(
                                (select min(next_attempt_at) from partner_task where partner = ?1 and state = 'PENDING' and kind in (?2)),
                                (select min(lease_until) from partner_task where partner = ?1 and state = 'IN_FLIGHT' and kind in (?2)))""")
                    .setParameter(1, partner)
                    .setParameter(2, runnable)
                    .getSingleResult();
            nextDue = Optional.ofNullable(TaskMetrics.toInstant(next));
        }
        return new Claim(claimed, nextDue);
    }

    /** How one run ended, to be stored. */
    public record Result(ClaimedTask claim, TaskOutcome outcome) {
    }

    /** Stores how a run ended, if the task is still leased to it (a run that outlived its lease is ignored). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void record(ClaimedTask claim, TaskOutcome outcome) {
        PartnerTask task = entityManager.find(PartnerTask.class, claim.id(), LockModeType.PESSIMISTIC_WRITE);
        if (apply(task, claim, outcome) && task.state.finished()) {
            handlers.of(task.kind).finished(task);
        }
    }

    /**
     * {@link #record} of many runs in one transaction: the tasks are locked in one statement (in id order: two
     * replicas' batches cannot deadlock), each result applied as {@link #record} would, and the hooks of the tasks
     * that ended run once per kind ({@link TaskHandler#finishedAll}: one confirmation check for all).
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    @SuppressWarnings("unchecked")
    public void recordAll(List<Result> results) {
        List<UUID> ids = results.stream().map(r -> r.claim().id()).sorted().toList();
        java.util.Map<UUID, PartnerTask> locked = new java.util.HashMap<>();
        ((List<PartnerTask>) entityManager.createNativeQuery(
                        "select * from partner_task where id in (?1) order by id for update", PartnerTask.class)
                .setParameter(1, ids)
                .getResultList()).forEach(task -> locked.put(task.id, task));
        // What the handlers' hooks read of each task (its processor record, its erasure), in one query each.
        preload(io.privacyplatform.partnersync.ProcessorRecord.class,
                locked.values().stream().map(t -> t.processorRecordId).filter(java.util.Objects::nonNull).toList());
        preload(io.privacyplatform.partnersync.PartnerErasure.class,
                locked.values().stream().map(t -> t.partnerErasureId).filter(java.util.Objects::nonNull).toList());
        java.util.Map<io.privacyplatform.partnersync.TaskKind, List<PartnerTask>> finished =
                new java.util.EnumMap<>(io.privacyplatform.partnersync.TaskKind.class);
        for (Result result : results) {
            PartnerTask task = locked.get(result.claim().id());
            if (apply(task, result.claim(), result.outcome()) && task.state.finished()) {
                finished.computeIfAbsent(task.kind, k -> new ArrayList<>()).add(task);
            }
        }
        finished.forEach((kind, tasks) -> handlers.of(kind).finishedAll(tasks));
    }

    private void preload(Class<?> entity, List<UUID> ids) {
        if (!ids.isEmpty()) {
            entityManager.unwrap(org.hibernate.Session.class).findMultiple(entity,
                    List.copyOf(new java.util.LinkedHashSet<>(ids)), org.hibernate.SessionCheckMode.ENABLED);
        }
    }

    /** @return whether the result was applied (the lease was still the run's) */
    private boolean apply(PartnerTask task, ClaimedTask claim, TaskOutcome outcome) {
        if (task == null || task.state != TaskState.IN_FLIGHT || !claim.leaseToken().equals(task.leaseToken)) {
            Log.warnf("Task %s at %s: lease lost before the result was stored; the result is dropped (the task runs again)",
                    claim.id(), claim.partner());
            return false;
        }
        Instant now = Instant.now(clock);
        task.leaseToken = null;
        task.leaseUntil = null;
        task.leasedBy = null;
        if (outcome instanceof TaskOutcome.Succeeded succeeded) {
            succeed(task, succeeded.evidence(), now);
        } else if (outcome instanceof TaskOutcome.Retryable retryable) {
            retryOrDie(task, retryable, now);
        } else if (outcome instanceof TaskOutcome.Dead dead) {
            die(task, dead.status(), dead.code(), dead.reason(), dead.deadReason(), now);
        } else if (outcome instanceof TaskOutcome.NotAttempted notAttempted) {
            putBack(task, notAttempted, now);
        }
        return true;
    }

    /**
     * Puts tasks this instance claimed back to PENDING, due now (shutdown: their runs did not finish in time). Their
     * attempt is not counted.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(List<ClaimedTask> claims) {
        for (ClaimedTask claim : claims) {
            PartnerTask task = entityManager.find(PartnerTask.class, claim.id(), LockModeType.PESSIMISTIC_WRITE);
            if (task != null && task.state == TaskState.IN_FLIGHT && claim.leaseToken().equals(task.leaseToken)) {
                task.state = TaskState.PENDING;
                task.leaseToken = null;
                task.leaseUntil = null;
                task.leasedBy = null;
                task.attempts = Math.max(0, task.attempts - 1);
                task.nextAttemptAt = Instant.now(clock);
            }
        }
    }

    private void succeed(PartnerTask task, TaskEvidence evidence, Instant now) {
        task.state = TaskState.DONE;
        task.completedAt = now;
        task.deadReason = null;
        // DONE before the handler's hook: its queries flush the task, which must not be IN_FLIGHT without a lease then.
        TaskEvidence stored = handlers.of(task.kind).succeeded(task, evidence, now);
        task.result = stored.result();
        task.action = stored.action();
        task.verification = stored.verification();
        task.fieldResults = stored.fields().isEmpty() ? null : RectificationOutcomes.writeFields(stored.fields());
        // Debug: one line per task is a visible share of the CPU per order; the confirmation line gives the outcome.
        Log.debugf("Task %s (%s) at %s done after %d attempt(s): %s", task.id, task.kind, task.partner, task.attempts,
                stored.result());
    }

    private void retryOrDie(PartnerTask task, TaskOutcome.Retryable failure, Instant now) {
        TaskConfig.Retry retry = config.retry();
        Duration delay = backoff.delay(task.attempts, failure.partnerHint());
        Instant next = now.plus(delay);
        if (task.attempts >= retry.maxAttempts()) {
            die(task, failure.status(), failure.code(), failure.reason(), DeadReason.RETRIES_EXHAUSTED, now);
            return;
        }
        if (next.isAfter(task.retryWindowStart().plus(retry.maxAge()))) {
            die(task, failure.status(), failure.code(), failure.reason(), DeadReason.EXPIRED, now);
            return;
        }
        task.state = TaskState.PENDING;
        task.nextAttemptAt = next;
        setError(task, failure.status(), failure.code(), failure.reason());
        metrics.retried(task.partner, task.kind);
        Log.infof("Task %s (%s) at %s failed (attempt %d: %s), next attempt in %d ms", task.id, task.kind, task.partner,
                task.attempts, failure.reason(), delay.toMillis());
    }

    private void die(PartnerTask task, int status, String code, String reason, DeadReason deadReason, Instant now) {
        task.state = TaskState.DEAD;
        task.completedAt = now;
        task.result = "failed";
        task.deadReason = deadReason.code();
        setError(task, status, code, reason);
        metrics.dead(task.partner, task.kind);
        Log.warnf("Task %s (%s) at %s is DEAD after %d attempt(s) (%s): %s", task.id, task.kind, task.partner,
                task.attempts, deadReason.code(), reason);
    }

    private void putBack(PartnerTask task, TaskOutcome.NotAttempted notAttempted, Instant now) {
        task.state = TaskState.PENDING;
        task.attempts = Math.max(0, task.attempts - 1);
        if (notAttempted.noCallMade()) {
            task.claims = Math.max(0, task.claims - 1);
        }
        task.nextAttemptAt = now.plus(notAttempted.pause());
        Log.debugf("Task %s at %s put back without an attempt (%s) for %d ms", task.id, task.partner, notAttempted.why(),
                notAttempted.pause().toMillis());
    }

    private static void setError(PartnerTask task, Integer status, String code, String reason) {
        task.lastError = reason == null ? null : truncate(reason);
        task.lastErrorStatus = status;
        task.lastErrorCode = code;
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_ERROR_LENGTH ? reason : reason.substring(0, MAX_ERROR_LENGTH);
    }
}
