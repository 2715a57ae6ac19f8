package io.privacyplatform.partnersync;

import java.util.Arrays;
import java.util.Optional;

/** Why a task is DEAD, as a code that can be published and used as a metric label. */
public enum DeadReason {
    /** The partner refused the request in its own error shape (400, 404 of a route, 422...): retrying cannot help. */
    PARTNER_REJECTED("partner-rejected"),
    /** 401/403: the API key is missing, revoked or lacks a scope; an operator must fix it and retry. */
    UNAUTHORIZED("unauthorized"),
    /** OpenAI {@code insufficient_quota}: a billing problem, not load. */
    QUOTA_EXHAUSTED("quota-exhausted"),
    /** The partner said not to retry ({@code Stripe-Should-Retry: false}). */
    NOT_RETRYABLE("not-retryable"),
    /** Every attempt failed with a retryable error ({@code partner-sync.retry.max-attempts}). */
    RETRIES_EXHAUSTED("retries-exhausted"),
    /** The next attempt would come after {@code partner-sync.retry.max-age}. */
    EXPIRED("expired"),
    /**
     * RECTIFY: request-service has no values for the order (404 unknown request, or values of another order or
     * subject): nothing can be applied until the privacy officer looks at it.
     */
    VALUES_UNAVAILABLE("values-unavailable"),
    /** The task cannot be run by this version (unknown partner or object type). */
    UNSUPPORTED("unsupported");

    private final String code;

    DeadReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DeadReason> ofCode(String code) {
        return Arrays.stream(values()).filter(r -> r.code.equals(code)).findFirst();
    }
}
