package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.PartnerObjectType;

/** Erases objects at one partner and reads the result back. */
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
    ErasureEvidence erase(PartnerObjectType type, String objectId);

    /**
     * @param result       {@code deleted} or {@code already-absent}
     * @param action       what was called, with placeholders instead of ids
     * @param verification how the result was read back
     */
    record ErasureEvidence(String result, String action, String verification) {

        public static final String DELETED = "deleted";
        public static final String ALREADY_ABSENT = "already-absent";
    }
}
