package io.privacyplatform.contracts;

import java.util.List;

/** Names of the systems that confirm erasures, as they appear in {@code erasure-confirmed} and receipts. */
public final class Systems {

    public static final String CONSENT = "consent";
    public static final String RETENTION = "retention";
    public static final String STRIPE = "stripe";
    public static final String HUBSPOT = "hubspot";
    public static final String OPENAI = "openai";

    /** Partners covered by partner-sync-service: one confirmation each. */
    public static final List<String> PARTNERS = List.of(STRIPE, HUBSPOT, OPENAI);

    /** Every system an erasure must reach by default. */
    public static final List<String> ALL = List.of(CONSENT, RETENTION, STRIPE, HUBSPOT, OPENAI);

    private Systems() {
    }
}
