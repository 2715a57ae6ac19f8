package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.PartnerObjectType;

/** Erases objects at one partner and reads the result back. No retry, rate limit or circuit breaker here. */
public interface PartnerAdapter {

    /** A partner name of {@code Systems.PARTNERS}. */
    String partner();

    /**
     * Erases one object (idempotent: an object already gone counts as erased) and checks afterwards that
     * the partner no longer returns it.
     *
     * @throws TransientPartnerException when it is worth trying again later
     * @throws PermanentPartnerException when trying again cannot help
     */
    TaskEvidence erase(PartnerObjectType type, String objectId);
}
