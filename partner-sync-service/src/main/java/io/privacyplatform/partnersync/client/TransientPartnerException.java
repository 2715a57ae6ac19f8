package io.privacyplatform.partnersync.client;

import java.time.Duration;
import java.util.Optional;

/**
 * Worth trying again later (rate limit, 5xx, network, an answer that is not the partner's API speaking, missing
 * credentials): the task is rescheduled with backoff.
 */
public class TransientPartnerException extends PartnerException {

    private final Duration retryAfter;

    public TransientPartnerException(String partner, int status, String code, String reason, Duration retryAfter) {
        super(partner, status, code, reason);
        this.retryAfter = retryAfter;
    }

    public TransientPartnerException(String partner, int status, String reason) {
        this(partner, status, null, reason, null);
    }

    /** The wait the partner asked for (Retry-After, rate-limit reset headers), if it said anything. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
