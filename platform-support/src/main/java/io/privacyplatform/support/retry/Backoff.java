package io.privacyplatform.support.retry;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: {@code initial * 2^(attempt-1)} capped at {@code max}, of which the
 * {@code jitter} share is random. A wait the remote side asked for (e.g. {@code Retry-After}) is honoured when it is
 * longer (also capped, so a retried piece of work is always looked at again within {@code max}).
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;
    private final DoubleSupplier random;

    public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial-backoff <= max-backoff");
        }
        this.initial = initial;
        this.max = max;
        this.jitter = Math.min(1, Math.max(0, jitter));
        this.random = random;
    }

    /** With {@link ThreadLocalRandom} as the source of jitter. */
    public static Backoff withJitter(Duration initial, Duration max, double jitter) {
        return new Backoff(initial, max, jitter, () -> ThreadLocalRandom.current().nextDouble());
    }

    /**
     * @param failedAttempts attempts made so far (at least 1)
     * @param remoteHint     the wait the remote side asked for, if any
     */
    public Duration delay(int failedAttempts, Optional<Duration> remoteHint) {
        int exponent = Math.min(Math.max(failedAttempts, 1) - 1, 40);
        double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, exponent));
        double jittered = base * (1 - jitter) + base * jitter * random.getAsDouble();
        Duration delay = Duration.ofMillis(Math.round(jittered));
        if (remoteHint.isPresent() && remoteHint.get().compareTo(delay) > 0) {
            delay = remoteHint.get();
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
