package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.client.PartnerGate;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.privacyplatform.support.transaction.AfterCommit;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds each partner's lane, which runs up to {@code partners.<p>.max-in-flight} tasks at once on no thread of their
 * own (a task's run holds none while it waits: {@link TaskHandler#prepare}), so the partner's rate limit is what paces
 * them. A lane claims as many due tasks as it has room for, in one short transaction, and starts each; the partner
 * calls happen outside any transaction and the results are stored in batches by one writer. A lane refills itself
 * whenever a
 * task ends, when new tasks are committed ({@link #wakeUpAfterCommit()}), when its next task is due (a timer set from
 * the database after each claim: retries and put-back tasks run on time) and every {@code partner-sync.worker.every}
 * (a sweep for anything else, e.g. tasks planned by another replica). Safe with several replicas: claims use
 * {@code FOR UPDATE SKIP LOCKED} and leases.
 */
@ApplicationScoped
public class TaskDispatcher {

    static final long MIN_WAKE_DELAY_MILLIS = 50;
    /**
     * A lane claims no more tasks while its partner's calls already wait this long for permits: more
     * tasks would not go faster (the rate limit is the bound), each would only take longer, and the tasks claimed
     * first would finish later; a task's calls queue behind every other task's.
     */
    static final Duration MAX_QUEUED_WAIT = Duration.ofSeconds(1);

    private final TaskStore store;
    private final TaskRunner runner;
    private final TaskConfig config;
    private final AfterCommit afterCommit;
    private final Clock clock;
    private final List<Lane> lanes = new ArrayList<>();
    private final ExecutorService wakeUps;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private final BlockingQueue<Finished> results = new LinkedBlockingQueue<>();
    private final ExecutorService resultWriter;
    private volatile boolean stopping;
    /** Set at shutdown once the lanes' runs have ended: no result comes any more. */
    private volatile boolean lanesStopped;

    TaskDispatcher(TaskStore store, TaskRunner runner, PartnerConnectors connectors, PartnersConfig partners,
                   TaskConfig config, AfterCommit afterCommit, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.config = config;
        this.afterCommit = afterCommit;
        this.clock = clock;
        List<String> kinds = runner.kinds();
        for (String partner : connectors.names()) {
            lanes.add(new Lane(partner, kinds, Math.max(1, partners.limits(partner).maxInFlight()),
                    connectors.of(partner).gate()));
        }
        this.wakeUps = Executors.newSingleThreadExecutor(named("partner-sync-dispatch"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("partner-sync-timer"));
        this.resultWriter = Executors.newSingleThreadExecutor(named("partner-sync-results"));
        this.resultWriter.execute(this::writeResults);
    }

    /** A run that ended, its result not stored yet; its lane's slot is held until it is. */
    private record Finished(Lane lane, ClaimedTask task, TaskOutcome outcome) {
    }

    /** The writer's loop: until shutdown, and then until every result that came is stored. */
    private void writeResults() {
        int max = Math.max(1, config.worker().resultBatchSize());
        List<Finished> batch = new ArrayList<>(max);
        while (!(lanesStopped && results.isEmpty())) {
            try {
                Finished first = results.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                results.drainTo(batch, max - 1);
                boolean interrupted = lingerForMore(batch, max);
                store(batch);
                if (interrupted) {
                    Thread.currentThread().interrupt(); // shutdown, grace over, as below
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutdown, grace over: what is left is put back by onStop
                return;
            } finally {
                Set<Lane> toFill = new java.util.LinkedHashSet<>();
                for (Finished done : batch) {
                    done.lane.running.remove(done.task);
                    done.lane.slots.release();
                    if (done.lane.backlog || !settledErasure(done)) {
                        toFill.add(done.lane);
                    }
                }
                batch.clear();
                fillSoon(toFill);
            }
        }
    }

    /**
     * An ERASE task that ended (done or dead): nothing new is due at its lane because of it. A lane whose last claim
     * found fewer due tasks than it had room for needs no claim after such a result (its timer and the sweep cover
     * what becomes due later; new tasks wake it up after their commit). Any other result refills the lane.
     */
    private static boolean settledErasure(Finished done) {
        return done.task.kind() == io.privacyplatform.partnersync.TaskKind.ERASE
                && (done.outcome instanceof TaskOutcome.Succeeded || done.outcome instanceof TaskOutcome.Dead);
    }

    /** Refills these lanes on the dispatcher's thread (the result writer goes on storing results meanwhile). */
    private void fillSoon(Set<Lane> toFill) {
        if (toFill.isEmpty() || stopping) {
            return;
        }
        try {
            wakeUps.execute(() -> toFill.forEach(Lane::fill));
        } catch (RuntimeException rejected) {
            // shutting down
        }
    }

    /**
     * Waits up to {@code result-linger} for more results, so that one transaction stores several.
     *
     * @return whether it was interrupted (shutdown): it stopped waiting, and the batch in hand is still to be stored
     */
    private boolean lingerForMore(List<Finished> batch, int max) {
        long deadline = System.nanoTime() + config.worker().resultLinger().toNanos();
        try {
            while (batch.size() < max) {
                long left = deadline - System.nanoTime();
                Finished next = left > 0 ? results.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    return false;
                }
                batch.add(next);
                results.drainTo(batch, max - batch.size());
            }
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private void store(List<Finished> batch) {
        if (batch.size() > 1) {
            try {
                store.recordAll(batch.stream().map(f -> new TaskStore.Result(f.task, f.outcome)).toList());
                return;
            } catch (RuntimeException e) {
                Log.warnf("Storing %d task results together failed, storing them one by one: %s", batch.size(),
                        SafeLog.describe(e));
            }
        }
        for (Finished done : batch) {
            try {
                store.record(done.task, done.outcome);
            } catch (RuntimeException e) {
                // Could not store the result (database down?): the lease expires and the task runs again.
                Log.warnf("Task %s at %s: result not stored, its lease will expire: %s", done.task.id(), done.task.partner(),
                        SafeLog.describe(e));
            }
        }
    }

    @Scheduled(identity = "partner-sync-task-dispatcher", every = "${partner-sync.worker.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        fillAll();
    }

    /** Runs the lanes soon after the current transaction commits (new or retried tasks). */
    public void wakeUpAfterCommit() {
        afterCommit.run(this::wakeUp);
    }

    /** Runs the lanes soon, on the dispatcher's own thread (coalesced). */
    public void wakeUp() {
        if (stopping || !wakeUpQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            wakeUps.execute(() -> {
                wakeUpQueued.set(false);
                fillAll();
            });
        } catch (RuntimeException rejected) {
            wakeUpQueued.set(false);
        }
    }

    private void fillAll() {
        lanes.forEach(Lane::fill);
    }

    /** Lets running tasks finish for {@code shutdown-grace}, then puts the others back (no attempt counted). */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        wakeUps.shutdownNow();
        timer.shutdownNow();
        long deadline = System.nanoTime() + config.worker().shutdownGrace().toNanos();
        for (Lane lane : lanes) {
            try {
                lane.awaitRunsEnded(deadline);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // The writer stores what the finished runs left in its queue, then stops.
        lanesStopped = true;
        resultWriter.shutdown();
        try {
            resultWriter.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        resultWriter.shutdownNow();
        List<ClaimedTask> unfinished = new ArrayList<>();
        for (Lane lane : lanes) {
            unfinished.addAll(lane.running);
        }
        if (!unfinished.isEmpty()) {
            try {
                store.release(unfinished);
                Log.infof("Shutdown: %d running task(s) put back", unfinished.size());
            } catch (RuntimeException e) {
                Log.warnf("Shutdown: could not put %d task(s) back; their leases will expire: %s", unfinished.size(),
                        SafeLog.describe(e));
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One partner's tasks: up to a number in flight, on no thread of their own; and the tasks running. */
    private final class Lane {

        final String partner;
        final List<String> kinds;
        /** A run's room: a permit is taken when its task is claimed and given back once its result is stored. */
        final Semaphore slots;
        /** The partner's gate, whose rate limiter paces the lane. */
        final PartnerGate gate;
        final Set<ClaimedTask> running = ConcurrentHashMap.newKeySet();
        /** Runs that have not ended yet (their result not handed to the writer). */
        final AtomicInteger runs = new AtomicInteger();
        final AtomicBoolean filling = new AtomicBoolean();
        volatile boolean again;
        /** Whether due tasks may be waiting: the last claim filled every free slot, or none was free. */
        volatile boolean backlog = true;
        private ScheduledFuture<?> wake;
        private Instant wakeAt;

        Lane(String partner, List<String> kinds, int size, PartnerGate gate) {
            this.partner = partner;
            this.kinds = kinds;
            this.slots = new Semaphore(size);
            this.gate = gate;
        }

        /** Claims tasks for the free slots; one filler at a time, the others just ask it to go round again. */
        void fill() {
            again = true;
            while (again && !stopping && filling.compareAndSet(false, true)) {
                try {
                    while (again && !stopping) {
                        again = false;
                        int free = slots.availablePermits();
                        if (free == 0 || gate.queued().compareTo(MAX_QUEUED_WAIT) > 0) {
                            backlog = true;
                            break;
                        }
                        int wanted = Math.min(free, Math.max(1, config.worker().batchSize()));
                        TaskStore.Claim claim = store.claim(partner, kinds, wanted);
                        for (ClaimedTask task : claim.tasks()) {
                            start(task);
                        }
                        backlog = claim.tasks().size() == wanted;
                        if (backlog) {
                            again = true;
                        }
                        claim.nextDue().ifPresent(this::wakeAt);
                    }
                } catch (RuntimeException e) {
                    Log.warnf("Claiming %s tasks failed; the next run tries again: %s", partner, SafeLog.describe(e));
                    again = false;
                } finally {
                    filling.set(false);
                }
            }
        }

        /** Schedules a fill when the next task is due, unless one is scheduled earlier already. */
        private synchronized void wakeAt(Instant due) {
            Instant now = Instant.now(clock);
            if (stopping || (wake != null && !wake.isDone() && !wakeAt.isAfter(due))) {
                return;
            }
            if (wake != null) {
                wake.cancel(false);
            }
            // At least MIN_WAKE_DELAY: a due task another replica holds (SKIP LOCKED) must not make the lane spin.
            long delay = Math.max(MIN_WAKE_DELAY_MILLIS, Duration.between(now, due).toMillis() + 5);
            wakeAt = due;
            try {
                wake = timer.schedule(this::fill, delay, TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                wake = null;
            }
        }

        private void start(ClaimedTask task) {
            slots.acquireUninterruptibly();
            running.add(task);
            // Subscribed here, on the filling thread: nothing in a run blocks, its first call is sent asynchronously.
            runs.incrementAndGet();
            runner.run(task).subscribe().with(outcome -> {
                results.add(new Finished(this, task, outcome));
                runEnded();
            }, failure -> {
                runFailed(task, failure);
                runEnded();
            });
        }

        /** The runner never fails but on an unexpected preparation error; the task runs again when its lease expires. */
        private void runFailed(ClaimedTask task, Throwable e) {
            Log.warnf("Task %s at %s: run failed, its lease will expire: %s", task.id(), partner, SafeLog.describe(e));
            running.remove(task);
            slots.release();
        }

        private void runEnded() {
            if (runs.decrementAndGet() == 0) {
                synchronized (runs) {
                    runs.notifyAll();
                }
            }
        }

        /** Waits until every run of the lane has ended (its result handed to the writer), or the deadline. */
        void awaitRunsEnded(long deadlineNanos) throws InterruptedException {
            synchronized (runs) {
                long left;
                while (runs.get() > 0 && (left = deadlineNanos - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(runs, left);
                }
            }
        }
    }
}
