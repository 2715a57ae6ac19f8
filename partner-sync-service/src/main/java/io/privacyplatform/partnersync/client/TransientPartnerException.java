package io.privacyplatform.partnersync.client;

import java.time.Duration;
import java.util.Optional;

/** Worth trying again later (rate limit, 5xx, network, missing credentials): the task is rescheduled. */
public class TransientPartnerException extends PartnerException {

    private final Duration retryAfter;

    public TransientPartnerException(String partner, int status, String reason, Duration retryAfter) {
        super(partner, status, reason);
        this.retryAfter = retryAfter;
    }

    /** The wait the partner asked for (Retry-After, rate-limit reset headers), if it said anything. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
