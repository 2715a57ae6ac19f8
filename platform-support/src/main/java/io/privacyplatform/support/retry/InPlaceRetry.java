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
 * At shutdown the waits end early and attempts go on until the process exits: the record stays unacknowledged and is
 * redelivered to the next instance (never dead-lettered because the service was stopping).
 */
@ApplicationScoped
public class InPlaceRetry {

    private final Backoff backoff;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Object wakeUp = new Object();
    private volatile boolean stopping;

    InPlaceRetry(InPlaceRetryConfig config, MeterRegistry meters, Clock clock) {
        this.backoff = Backoff.withJitter(config.initialBackoff(), config.maxBackoff(), 0.2);
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * @param what names the work in logs and in the {@code platform_consumer_retries_total} metric's {@code consumer}
     *             label: a consumer or channel name, never data
     */
    public <T> T inNewTransaction(String what, Supplier<T> work) {
        Instant since = null;
        for (int failures = 1; ; failures++) {
            try {
                T result = QuarkusTransaction.requiringNew().call(work::get);
                if (since != null) {
                    Log.infof("%s goes on after waiting %s (%d attempts)", what, Duration.between(since, clock.instant()),
                            failures);
                }
                return result;
            } catch (RuntimeException e) {
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
            }
        }
    }

    private void pause(Duration delay) {
        synchronized (wakeUp) {
            try {
                // Once stopping, one attempt a second until the process exits.
                wakeUp.wait(stopping ? 1000 : Math.max(1, delay.toMillis()));
            } catch (InterruptedException e) {
                // The service is going down: the record stays unacknowledged (the flag is not restored, or every
                // later wait would end at once).
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
