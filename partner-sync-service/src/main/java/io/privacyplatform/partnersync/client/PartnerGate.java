package io.privacyplatform.partnersync.client;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One partner's way out, owned by its connector: its rate limiter and circuit breaker, shared by every kind of task of
 * that partner, and the HTTP call path.
 * <ul>
 *   <li>{@link #call}: one HTTP call, non-blocking, once the <b>rate limiter</b> ({@code partners.<p>.rate-limit.*},
 *   this instance's {@link #share share} of it among the live instances) gives a permit: calls spaced evenly, each
 *   one's permit reserved in turn (Resilience4j's reservation: first come, first served) and waited for on a timer, so
 *   neither a thread nor a polling retry waits; a permit further away than {@code max-wait} is not reserved and the
 *   call fails with {@link LocallyRateLimitedException}; waiting never counts as an attempt. The answer is read
 *   completely, so connectors only deal with statuses, headers and JSON;</li>
 *   <li>{@link #guarded}: one task (or export read) behind the <b>circuit breaker</b>
 *   ({@code partners.<p>.circuit-breaker.*}): after too many failed tasks the partner is left alone for {@code delay}.
 *   Permanent failures (the partner answered clearly) and local rate limiting do not count as failures.</li>
 * </ul>
 * Failed calls are counted in {@code partner.call.failures} (labels: partner and status class, never an object id);
 * the gauge {@code partner.rate.limit.share} (label: partner) is this instance's share in requests per second.
 * Request bodies, answers and URLs are never logged: an unsubscribe URL carries an email address.
 */
public final class PartnerGate {

    private final String partner;
    private final PartnersConfig.RateLimit rateLimit;
    /** The rate limiter of this instance's share; replaced as a whole when the number of live instances changes. */
    private volatile RequestShare requestShare;
    private final Guard taskGuard;
    private final Duration breakerDelay;
    private final MeterRegistry registry;
    private final Clock clock;

    public PartnerGate(String partner, PartnersConfig.Limits limits, MeterRegistry registry, Clock clock) {
        this.partner = partner;
        this.registry = registry;
        this.clock = clock;
        PartnersConfig.RateLimit rate = limits.rateLimit();
        if (rate.requests() < 1 || rate.burst() < 1 || rate.window().toMillis() < 1) {
            throw new IllegalArgumentException("partners." + partner + ".rate-limit needs requests >= 1, burst >= 1 "
                    + "and a positive window");
        }
        this.rateLimit = rate;
        this.requestShare = RequestShare.of(partner, rate, 1);
        Gauge.builder("partner.rate.limit.share", this, PartnerGate::permitsPerSecond)
                .description("Requests per second this instance may send to the partner: its share of the partner's "
                        + "rate limit among the live instances")
                .tag("partner", partner)
                .register(registry);

        PartnersConfig.CircuitBreaker breaker = limits.circuitBreaker();
        this.taskGuard = Guard.create()
                .withDescription("partner-" + partner + "-task")
                .withCircuitBreaker()
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .skipOn(List.of(PermanentPartnerException.class, LocallyRateLimitedException.class))
                    .done()
                .withThreadOffload(false)
                .build();
        this.breakerDelay = breaker.delay();
    }

    public String partner() {
        return partner;
    }

    /**
     * Gives this instance its share of the partner's rate limit among {@code instances} live instances: a new request
     * guard allowing {@code requests / instances} per window and a burst of {@code burst / instances} (rounded down,
     * at least 1; with more instances than requests, one request in a window as many times longer as needed), so that
     * all instances together never exceed the partner's limit. Same window and max-wait; nothing changes when the
     * number is the same.
     * <p>
     * A change in flight: a call holding a permit of the old limiter waits it out; new calls take the new one (which
     * starts with a burst's permits). When an instance joins, the joiner counts everyone at once but the
     * others only at their next heartbeat, so the partner may see more than its limit for at most one heartbeat. When
     * an instance dies, its share stays unused until its row expires: the safe side.
     */
    public synchronized void share(int instances) {
        int live = Math.max(1, instances);
        if (live == requestShare.instances()) {
            return;
        }
        requestShare = RequestShare.of(partner, rateLimit, live);
    }

    /** The live instances this instance's share was last computed for (1 until told otherwise). */
    public int sharedBy() {
        return requestShare.instances();
    }

    /** This instance's requests per {@link #shareWindow()}. */
    public int shareRequests() {
        return requestShare.requests();
    }

    /** This instance's window: the configured one, longer only when there are more instances than requests. */
    public Duration shareWindow() {
        return requestShare.window();
    }

    /** This instance's burst. */
    public int shareBurst() {
        return requestShare.burst();
    }

    /**
     * How long a call asking for a permit now would wait behind the permits already reserved (zero when one is free):
     * the work this instance's limiter has ahead of it.
     */
    public Duration queued() {
        RequestShare share = requestShare;
        int available = share.limiter().getMetrics().getAvailablePermissions();
        if (available >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(-(long) available * share.window().toNanos() / share.requests());
    }

    /** This instance's requests per second (the {@code partner.rate.limit.share} gauge). */
    public double permitsPerSecond() {
        RequestShare share = requestShare;
        return share.requests() * 1000.0 / share.window().toMillis();
    }

    /**
     * One call, non-blocking: when the returned Uni is subscribed to, a permit is reserved, and the request is sent
     * once its time comes. It fails with {@link TransientPartnerException} when no HTTP answer came back (connection
     * refused or reset, timeout) and with {@link LocallyRateLimitedException} when no permit was free within
     * {@code max-wait} (no call was made).
     */
    public Uni<PartnerResponse> call(Supplier<Uni<Response>> request) {
        return Uni.createFrom().deferred(() -> {
            long waitNanos = requestShare.limiter().reservePermission();
            if (waitNanos < 0) {
                return Uni.createFrom().failure(new LocallyRateLimitedException(partner, rateLimit.maxWait()));
            }
            Uni<PartnerResponse> call = send(request);
            if (waitNanos == 0) {
                return call;
            }
            // The timers (Vert.x) refuse a delay under 1 ms, and early is over the limit.
            return Uni.createFrom().voidItem().onItem().delayIt().by(wholeMillisUp(waitNanos)).chain(() -> call);
        });
    }

    /**
     * A delay for Mutiny's timers, which count whole milliseconds: rounded up, so that a timer never fires before the
     * instant it stands for.
     */
    public static Duration wholeMillisUp(long nanos) {
        return Duration.ofMillis((nanos + 999_999) / 1_000_000);
    }

    /**
     * Runs one task (or export read) behind the partner's circuit breaker, non-blocking: the task's work starts when
     * the returned Uni is subscribed to; it fails with
     * {@link org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException} when the breaker is open.
     */
    public <T> Uni<T> guarded(Supplier<Uni<T>> task) {
        @SuppressWarnings("unchecked")
        TypeLiteral<Uni<T>> type = (TypeLiteral<Uni<T>>) (TypeLiteral<?>) ANY_UNI;
        return taskGuard.get(task, type);
    }

    /** The breaker's guard only needs to know that a task's result is a Uni (asynchronous), not of what. */
    private static final TypeLiteral<Uni<Object>> ANY_UNI = new TypeLiteral<>() {
    };

    /** How long to leave a task alone after it met the open circuit breaker. */
    public Duration breakerDelay() {
        return breakerDelay;
    }

    /** Records an answer the connector did not expect (counted by status class: 2xx, 4xx, 5xx...). */
    public void unexpected(PartnerResponse response) {
        countFailure((response.status() / 100) + "xx");
    }

    /** {@code Retry-After} of any partner. */
    public Optional<Duration> retryAfter(PartnerResponse response) {
        return RateLimitHints.retryAfter(response.header("Retry-After"), Instant.now(clock));
    }

    private Uni<PartnerResponse> send(Supplier<Uni<Response>> request) {
        return Uni.createFrom().<Response>deferred(request::get)
                .onFailure(e -> !(e instanceof PartnerException)).transform(e -> {
                    countFailure("network");
                    Log.debugf("%s call failed without a response: %s", partner, SafeLog.describe(e));
                    return new TransientPartnerException(partner, 0, "no response (" + rootCause(e).getClass().getSimpleName() + ")");
                })
                .map(this::read);
    }

    private PartnerResponse read(Response answer) {
        try (Response response = answer) {
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> header : response.getStringHeaders().entrySet()) {
                if (!header.getValue().isEmpty()) {
                    headers.put(header.getKey(), header.getValue().get(0));
                }
            }
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return new PartnerResponse(response.getStatus(), headers, body);
        } catch (RuntimeException e) {
            countFailure("network");
            throw new TransientPartnerException(partner, answer.getStatus(),
                    "unreadable response (" + rootCause(e).getClass().getSimpleName() + ")");
        }
    }

    private void countFailure(String statusClass) {
        Counter.builder("partner.call.failures")
                .description("Partner API calls that failed, by partner and status class")
                .tag("partner", partner)
                .tag("status_class", statusClass)
                .register(registry)
                .increment();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** One instance's share of the partner's rate limit and the limiter that enforces it. */
    record RequestShare(int instances, int requests, Duration window, int burst, RateLimiter limiter) {

        static RequestShare of(String partner, PartnersConfig.RateLimit rate, int instances) {
            int requests = rate.requests() / instances;
            Duration window = rate.window();
            if (requests < 1) {
                // More instances than requests per window: one request each in a window as many times longer as
                // needed, so that the total still stays under the limit.
                requests = 1;
                window = window.multipliedBy((instances + rate.requests() - 1) / rate.requests());
            }
            int burst = Math.max(1, rate.burst() / instances);
            // `burst` permits per period of `burst` spacings: `requests` per window on average, at most `burst` at once.
            Duration period = Duration.ofNanos(Math.max(1, window.toNanos() * burst / requests));
            RateLimiter limiter = RateLimiter.of("partner-" + partner, RateLimiterConfig.custom()
                    .limitForPeriod(burst)
                    .limitRefreshPeriod(period)
                    .timeoutDuration(rate.maxWait())
                    .build());
            return new RequestShare(instances, requests, window, burst, limiter);
        }
    }
}
