package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.DeadReason;

/**
 * Trying again cannot help (a 400 in the partner's error shape, 401/403, OpenAI {@code insufficient_quota},
 * {@code Stripe-Should-Retry: false}): the task goes DEAD at once and a person must act.
 */
public class PermanentPartnerException extends PartnerException {

    private final DeadReason deadReason;

    public PermanentPartnerException(String partner, int status, String code, String reason, DeadReason deadReason) {
        super(partner, status, code, reason);
        this.deadReason = deadReason;
    }

    public DeadReason deadReason() {
        return deadReason;
    }
}
