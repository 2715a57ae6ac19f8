package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.client.PartnerConnectors;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * Feeds each partner's worker threads (one lane per partner, {@code partners.<p>.concurrency} threads): a lane claims
 * as many due tasks as it has free threads, in one short transaction, and runs each on its own thread; the partner
 * call happens outside any transaction and the result is stored in a second one. A lane refills itself whenever a
 * task ends, when new tasks are committed ({@link #wakeUpAfterCommit()}), when its next task is due (a timer set from
 * the database after each claim: retries and put-back tasks run on time) and every {@code partner-sync.worker.every}
 * (a sweep for anything else, e.g. tasks planned by another replica). Safe with several replicas: claims use
 * {@code FOR UPDATE SKIP LOCKED} and leases.
 */
@ApplicationScoped
public class TaskDispatcher {

    static final long MIN_WAKE_DELAY_MILLIS = 50;

    private final TaskStore store;
    private final TaskRunner runner;
    private final TaskConfig config;
    private final AfterCommit afterCommit;
    private final Clock clock;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final ExecutorService wakeUps;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean wakeUpQueued = new AtomicBoolean();
    private volatile boolean stopping;

    TaskDispatcher(TaskStore store, TaskRunner runner, PartnerConnectors connectors, PartnersConfig partners,
                   TaskConfig config, AfterCommit afterCommit, Clock clock) {
        this.store = store;
        this.runner = runner;
        this.config = config;
        this.afterCommit = afterCommit;
        this.clock = clock;
        for (String partner : connectors.names()) {
            lanes.put(partner, new Lane(partner, Math.max(1, partners.limits(partner).concurrency())));
        }
        this.wakeUps = Executors.newSingleThreadExecutor(named("partner-sync-dispatch"));
        this.timer = Executors.newSingleThreadScheduledExecutor(named("partner-sync-timer"));
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
        lanes.values().forEach(Lane::fill);
    }

    /** Lets running tasks finish for {@code shutdown-grace}, then puts the others back (no attempt counted). */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        wakeUps.shutdownNow();
        timer.shutdownNow();
        lanes.values().forEach(lane -> lane.threads.shutdown());
        long deadline = System.nanoTime() + config.worker().shutdownGrace().toNanos();
        for (Lane lane : lanes.values()) {
            try {
                lane.threads.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ClaimedTask> unfinished = new ArrayList<>();
        for (Lane lane : lanes.values()) {
            lane.threads.shutdownNow();
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

    /** One partner: a fixed number of worker threads and the tasks they are running. */
    private final class Lane {

        final String partner;
        final Semaphore slots;
        final ExecutorService threads;
        final Set<ClaimedTask> running = ConcurrentHashMap.newKeySet();
        final AtomicBoolean filling = new AtomicBoolean();
        volatile boolean again;
        private ScheduledFuture<?> wake;
        private Instant wakeAt;

        Lane(String partner, int concurrency) {
            this.partner = partner;
            this.slots = new Semaphore(concurrency);
            this.threads = Executors.newFixedThreadPool(concurrency, named("partner-sync-" + partner));
        }

        /** Claims tasks for the free threads; one filler at a time, the others just ask it to go round again. */
        void fill() {
            again = true;
            while (again && !stopping && filling.compareAndSet(false, true)) {
                try {
                    while (again && !stopping) {
                        again = false;
                        int free = slots.availablePermits();
                        if (free == 0) {
                            break;
                        }
                        int wanted = Math.min(free, Math.max(1, config.worker().batchSize()));
                        TaskStore.Claim claim = store.claim(partner, wanted);
                        for (ClaimedTask task : claim.tasks()) {
                            start(task);
                        }
                        if (claim.tasks().size() == wanted) {
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
            try {
                threads.execute(() -> run(task));
            } catch (RuntimeException rejected) {
                // Shutting down: the task stays IN_FLIGHT until onStop puts it back (or its lease expires).
                slots.release();
            }
        }

        private void run(ClaimedTask task) {
            try {
                TaskOutcome outcome = runner.run(task);
                store.record(task, outcome);
            } catch (RuntimeException e) {
                // Could not store the result (database down?): the lease expires and the task runs again.
                Log.warnf("Task %s at %s: result not stored, its lease will expire: %s", task.id(), partner, SafeLog.describe(e));
            } finally {
                running.remove(task);
                slots.release();
            }
            if (!stopping) {
                fill();
            }
        }
    }
}
