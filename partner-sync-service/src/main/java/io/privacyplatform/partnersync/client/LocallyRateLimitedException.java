package io.privacyplatform.partnersync.client;

import java.time.Duration;

/**
 * This service's own rate limiter for the partner had no permit within {@code rate-limit.max-wait}: no call was
 * made, so it does not count as an attempt; the task is put back and taken again after {@link #retryAfter()}.
 */
public class LocallyRateLimitedException extends RuntimeException {

    private final String partner;
    private final Duration retryAfter;

    public LocallyRateLimitedException(String partner, Duration retryAfter) {
        super("local rate limit of " + partner, null, false, false);
        this.partner = partner;
        this.retryAfter = retryAfter;
    }

    public String partner() {
        return partner;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
