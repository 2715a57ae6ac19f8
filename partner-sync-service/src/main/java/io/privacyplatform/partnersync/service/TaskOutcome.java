package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.client.TaskEvidence;

import java.time.Duration;
import java.util.Optional;

/** How one run of a task ended, as recorded by {@link TaskStore#record}. */
public sealed interface TaskOutcome {

    /** The partner did it and the read-back confirmed it. */
    record Succeeded(TaskEvidence evidence) implements TaskOutcome {
    }

    /** A retryable failure: rescheduled with backoff (or DEAD once out of attempts or time). */
    record Retryable(int status, String code, String reason, Optional<Duration> partnerHint) implements TaskOutcome {
    }

    /** Not retryable: DEAD now. */
    record Dead(int status, String code, String reason, DeadReason deadReason) implements TaskOutcome {
    }

    /**
     * No counted attempt (local rate limit, open circuit breaker): back to PENDING after {@code pause}.
     *
     * @param noCallMade true when certainly nothing reached the partner (the claim is not counted either)
     */
    record NotAttempted(Duration pause, String why, boolean noCallMade) implements TaskOutcome {
    }
}
