package io.privacyplatform.contracts;

/**
 * Names of the platform's own systems, as they appear in confirmations and receipts. Which systems an order expects
 * is never listed here: the registry of the policy module (systems.yaml, {@code Register.expectedSystems}) says it.
 */
public final class Systems {

    public static final String CONSENT = "consent";
    public static final String RETENTION = "retention";
    public static final String STRIPE = "stripe";
    public static final String HUBSPOT = "hubspot";
    public static final String OPENAI = "openai";

    private Systems() {
    }
}
