package io.privacyplatform.partnersync.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one partner HTTP call, once the partner's rate limiter allows it, and reads its answer completely, so
 * adapters only deal with statuses, headers and JSON. Counts failed calls in {@code partner.call.failures}
 * (labels: partner and status class, never an object id). Request bodies, answers and URLs are never logged: an
 * unsubscribe URL carries an email address.
 */
@ApplicationScoped
public class PartnerCalls {

    private final MeterRegistry registry;
    private final PartnerGuards guards;

    PartnerCalls(MeterRegistry registry, PartnerGuards guards) {
        this.registry = registry;
        this.guards = guards;
    }

    /**
     * @throws TransientPartnerException   when no HTTP answer came back (connection refused or reset, timeout)
     * @throws LocallyRateLimitedException when the local rate limiter gave no permit in time (no call was made)
     */
    public PartnerResponse call(String partner, Supplier<Response> request) {
        return guards.request(partner, () -> send(partner, request), PartnerResponse.class);
    }

    private PartnerResponse send(String partner, Supplier<Response> request) {
        Response response;
        try {
            response = request.get();
        } catch (PartnerException e) {
            throw e;
        } catch (RuntimeException e) {
            countFailure(partner, "network");
            Log.debugf("%s call failed without a response: %s", partner, SafeLog.describe(e));
            throw new TransientPartnerException(partner, 0, "no response (" + rootCause(e).getClass().getSimpleName() + ")");
        }
        try (response) {
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, List<String>> header : response.getStringHeaders().entrySet()) {
                if (!header.getValue().isEmpty()) {
                    headers.put(header.getKey(), header.getValue().get(0));
                }
            }
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            return new PartnerResponse(response.getStatus(), headers, body);
        } catch (RuntimeException e) {
            countFailure(partner, "network");
            throw new TransientPartnerException(partner, response.getStatus(),
                    "unreadable response (" + rootCause(e).getClass().getSimpleName() + ")");
        }
    }

    /** Records an answer the adapter did not expect (counted by status class: 2xx, 4xx, 5xx...). */
    public void unexpected(String partner, PartnerResponse response) {
        countFailure(partner, (response.status() / 100) + "xx");
    }

    /** {@code Retry-After} of any partner. */
    public static Optional<java.time.Duration> retryAfter(PartnerResponse response) {
        return RateLimitHints.retryAfter(response.header("Retry-After"), Instant.now());
    }

    private void countFailure(String partner, String statusClass) {
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
}
