package io.privacyplatform.partnersync.client;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.smallrye.faulttolerance.api.CustomBackoffStrategy;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.faulttolerance.api.RateLimitException;
import io.smallrye.faulttolerance.api.RateLimitType;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * SmallRye Fault Tolerance guards, one set per partner, shared by every kind of task of that partner:
 * <ul>
 *   <li>a <b>rate limiter</b> per HTTP call ({@code partners.<p>.rate-limit.*}), spacing calls evenly: a call
 *   without a permit waits for one (retried after the limiter's own "retry after"), up to {@code max-wait}, then
 *   {@link LocallyRateLimitedException}. Waiting never counts as an attempt;</li>
 *   <li>a <b>circuit breaker</b> per task ({@code partners.<p>.circuit-breaker.*}): after too many failed tasks the
 *   partner is left alone for {@code delay}. Permanent failures (the partner answered clearly) and local rate limiting
 *   do not count as failures.</li>
 * </ul>
 */
@ApplicationScoped
public class PartnerGuards {

    private final Map<String, Guard> requestGuards = new HashMap<>();
    private final Map<String, Guard> taskGuards = new HashMap<>();
    private final Map<String, Duration> maxWaits = new HashMap<>();
    private final Map<String, Duration> breakerDelays = new HashMap<>();

    PartnerGuards(PartnersConfig config) {
        for (String partner : Systems.PARTNERS) {
            PartnersConfig.Limits limits = config.limits(partner);
            PartnersConfig.RateLimit rate = limits.rateLimit();
            if (rate.requests() < 1 || rate.burst() < 1 || rate.window().toMillis() < 1) {
                throw new IllegalArgumentException("partners." + partner + ".rate-limit needs requests >= 1, burst >= 1 "
                        + "and a positive window");
            }
            // A SMOOTH window (token bucket) counts granted permits only; a caller retrying for a permit never starves
            // the others, as it would with a ROLLING window, which also records rejected attempts.
            long bucketWindowMillis = Math.max(1, rate.window().toMillis() * rate.burst() / rate.requests());
            requestGuards.put(partner, Guard.create()
                    .withDescription("partner-" + partner + "-request")
                    .withRetry()
                        .retryOn(RateLimitException.class)
                        .maxRetries(-1)
                        .maxDuration(Math.max(1, rate.maxWait().toMillis()), ChronoUnit.MILLIS)
                        .withCustomBackoff().strategy(PermitWait::new).done()
                        .done()
                    .withRateLimit()
                        .limit(rate.burst())
                        .window(bucketWindowMillis, ChronoUnit.MILLIS)
                        .type(RateLimitType.SMOOTH)
                        .done()
                    .build());
            maxWaits.put(partner, rate.maxWait());

            PartnersConfig.CircuitBreaker breaker = limits.circuitBreaker();
            taskGuards.put(partner, Guard.create()
                    .withDescription("partner-" + partner + "-task")
                    .withCircuitBreaker()
                        .requestVolumeThreshold(breaker.requestVolumeThreshold())
                        .failureRatio(breaker.failureRatio())
                        .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                        .successThreshold(breaker.successThreshold())
                        .skipOn(java.util.List.of(PermanentPartnerException.class, LocallyRateLimitedException.class))
                        .done()
                    .build());
            breakerDelays.put(partner, breaker.delay());
        }
    }

    /**
     * Runs one HTTP call once the partner's rate limiter allows it.
     *
     * @throws LocallyRateLimitedException when no permit came within {@code max-wait}
     */
    public <T> T request(String partner, Supplier<T> call, Class<T> type) {
        try {
            return guard(requestGuards, partner).get(call, type);
        } catch (RateLimitException e) {
            return rethrowLocal(partner, e);
        }
    }

    /**
     * Runs one task behind the partner's circuit breaker.
     *
     * @throws org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException when it is open
     */
    public <T> T task(String partner, Supplier<T> task, Class<T> type) {
        return guard(taskGuards, partner).get(task, type);
    }

    /** How long to leave a task alone after it met the open circuit breaker. */
    public Duration breakerDelay(String partner) {
        return breakerDelays.getOrDefault(partner, Duration.ofSeconds(30));
    }

    private <T> T rethrowLocal(String partner, RateLimitException e) {
        long retryAfter = Math.max(e.getRetryAfterMillis(), 50);
        throw new LocallyRateLimitedException(partner, Duration.ofMillis(retryAfter));
    }

    private static Guard guard(Map<String, Guard> guards, String partner) {
        Guard guard = guards.get(partner);
        if (guard == null) {
            throw new IllegalArgumentException("unknown partner " + partner);
        }
        return guard;
    }

    /** Waits what the rate limiter says the next permit needs, plus a little jitter so waiting threads spread out. */
    static final class PermitWait implements CustomBackoffStrategy {

        @Override
        public long nextDelayInMillis(Throwable cause) {
            long retryAfter = cause instanceof RateLimitException limited ? limited.getRetryAfterMillis() : 0;
            return Math.max(1, retryAfter) + ThreadLocalRandom.current().nextLong(0, 10);
        }
    }
}
