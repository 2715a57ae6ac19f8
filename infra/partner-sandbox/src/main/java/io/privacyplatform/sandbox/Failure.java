package io.privacyplatform.sandbox;

/**
 * A failure the sandbox can be told to answer with (see {@link PartnerSandbox#failNext}). Each partner answers with
 * its own documented status, headers and error body; a failure a partner does not have is rejected.
 */
public enum Failure {
    /**
     * 429 rate limited. Stripe: {@code invalid_request_error}/{@code rate_limit} + {@code Stripe-Should-Retry: true};
     * HubSpot: {@code errorType RATE_LIMIT}, {@code policyName TEN_SECONDLY_ROLLING} + {@code X-HubSpot-RateLimit-*}
     * headers (search endpoint: {@code SECONDLY}, no headers); OpenAI: type {@code requests}, code
     * {@code rate_limit_exceeded}, {@code x-ratelimit-remaining-requests: 0}, {@code x-ratelimit-reset-requests: 1s}.
     */
    RATE_LIMITED(429),
    /** OpenAI only: 429 {@code insufficient_quota} (billing; must not be retried). */
    INSUFFICIENT_QUOTA(429),
    /** Stripe only: 409 {@code idempotency_key_in_use} (a concurrent request holds the key; retryable). */
    IDEMPOTENCY_KEY_IN_USE(409),
    /** 401 with the partner's authentication error shape, as for a revoked key. */
    UNAUTHORIZED(401),
    /** 500 internal error. */
    SERVER_ERROR(500),
    /** 503 service unavailable / overloaded. */
    SERVICE_UNAVAILABLE(503),
    /** The connection is reset without any HTTP response (recorded with status 0). */
    CONNECTION_RESET(0);

    private final int status;

    Failure(int status) {
        this.status = status;
    }

    /** HTTP status of the failing answer, 0 for {@link #CONNECTION_RESET}. */
    public int status() {
        return status;
    }

    /**
     * The failure for an HTTP status, as used by the admin API's {@code {"status":429}} form: 429 is
     * {@link #RATE_LIMITED}, 409 {@link #IDEMPOTENCY_KEY_IN_USE}, 401 {@link #UNAUTHORIZED}, 500
     * {@link #SERVER_ERROR}, 503 {@link #SERVICE_UNAVAILABLE}.
     */
    public static Failure forStatus(int status) {
        switch (status) {
            case 429: return RATE_LIMITED;
            case 409: return IDEMPOTENCY_KEY_IN_USE;
            case 401: return UNAUTHORIZED;
            case 500: return SERVER_ERROR;
            case 503: return SERVICE_UNAVAILABLE;
            default: throw new IllegalArgumentException("No failure for HTTP status " + status
                    + " (use 401, 409, 429, 500 or 503, or a failure name)");
        }
    }
}
