package io.privacyplatform.partnersync.client;

/**
 * Trying again cannot help (e.g. OpenAI {@code insufficient_quota}, {@code Stripe-Should-Retry: false},
 * a 400): the task fails at once and a person must act.
 */
public class PermanentPartnerException extends PartnerException {

    public PermanentPartnerException(String partner, int status, String reason) {
        super(partner, status, reason);
    }
}
