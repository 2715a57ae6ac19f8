package io.privacyplatform.support.retry;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a piece of work in a new transaction until it succeeds, waiting with backoff while what it reaches is down
 * ({@link TransientFailures}): the caller's thread waits, so a consumer keeps its partition's order and the record is
 * neither acknowledged nor dead-lettered meanwhile. It never gives up on a transient failure: a database down for an
 * hour delays the work by an hour and loses nothing. Any other failure is rethrown at once.
 * <p>
 * At shutdown the wait ends at once: work that fails (for any reason: the service's own beans are going away too), or
 * that is still waiting, or that comes after one given up, ends with {@link ServiceStoppingException}, which leaves the
 * record unacknowledged (redelivered to the next instance, never dead-lettered because the service was stopping) and
 * lets the process exit within its grace period. Once one piece of work was given up, no later one starts: a
 * partition's later records are never applied before an earlier one.
 */
@ApplicationScoped
public class InPlaceRetry {

    private final Backoff backoff;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Object wakeUp = new Object();
    private volatile boolean stopping;
    private volatile boolean gaveUp;

    InPlaceRetry(InPlaceRetryConfig config, MeterRegistry meters, Clock clock) {
        this.backoff = Backoff.withJitter(config.initialBackoff(), config.maxBackoff(), 0.2);
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param what names the work in logs and in the {@code platform_consumer_retries_total} metric's {@code consumer}
     *             label: a consumer or channel name, never data
     * @throws ServiceStoppingException when the service stopped before the work succeeded
     */
    public <T> T inNewTransaction(String what, Supplier<T> work) {
        return untilDone(what, () -> QuarkusTransaction.requiringNew().call(work::get));
    }

    /**
     * Runs the attempt (which opens its own transactions, or none) until it succeeds, as {@link #inNewTransaction}.
     */
    public <T> T untilDone(String what, Supplier<T> attempt) {
        Instant since = null;
        for (int failures = 1; ; failures++) {
            if (gaveUp) {
                throw new ServiceStoppingException(what, null);
            }
            try {
                T result = attempt.get();
                if (since != null) {
                    Log.infof("%s goes on after waiting %s (%d attempts)", what, Duration.between(since, clock.instant()),
                            failures);
                }
                return result;
            } catch (RuntimeException e) {
                if (stopping) {
                    throw giveUp(what, e);
                }
                if (!TransientFailures.isTransient(e)) {
                    throw e;
                }
                since = since == null ? clock.instant() : since;
                Duration delay = backoff.delay(failures, Optional.empty());
                meters.counter("platform.consumer.retries", "consumer", what).increment();
                // The exception classes and frames only: a driver's message may quote values.
                Log.warnf("%s waits out a transient failure since %s, attempt %d, next in %s: %s", what, since, failures,
                        delay, SafeLog.describe(e));
                pause(delay);
                if (stopping) {
                    throw giveUp(what, e);
                }
            }
        }
    }

    /**
     * Refuses to begin a piece of work once the service is stopping: a consumer's record is then left unacknowledged
     * as it came, even a malformed one (a partition is polled again during shutdown as the group's other consumers
     * leave, and the next instance dead-letters it once, in its place).
     *
     * @throws ServiceStoppingException when the service is stopping
     */
    public void refuseWhenStopping(String what) {
        if (stopping) {
            gaveUp = true;
            throw new ServiceStoppingException(what, null);
        }
    }

    /** True once the service began to stop: a caller with its own waits ends them. */
    public boolean stopping() {
        return stopping;
    }

    private ServiceStoppingException giveUp(String what, RuntimeException lastFailure) {
        gaveUp = true;
        Log.infof("%s given up at shutdown, left unacknowledged for the next instance: %s", what,
                SafeLog.describe(lastFailure));
        return new ServiceStoppingException(what, lastFailure);
    }

    private void pause(Duration delay) {
        synchronized (wakeUp) {
            try {
                if (!stopping) {
                    wakeUp.wait(Math.max(1, delay.toMillis()));
                }
            } catch (InterruptedException e) {
                // Only a stopping service interrupts a consumer's thread.
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }
}
