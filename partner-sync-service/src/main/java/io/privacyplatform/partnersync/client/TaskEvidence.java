package io.privacyplatform.partnersync.client;

/**
 * What a finished partner task did and how it was checked.
 *
 * @param result       {@link #DELETED}, {@link #ALREADY_ABSENT}, {@link #UNSUBSCRIBED}, {@link #CONTACT_ABSENT} or
 *                     {@link #NO_EMAIL}
 * @param action       what was called, with placeholders instead of ids (never an email)
 * @param verification how the result was read back
 */
public record TaskEvidence(String result, String action, String verification) {

    public static final String DELETED = "deleted";
    public static final String ALREADY_ABSENT = "already-absent";
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** Unsubscribe: the contact no longer exists at HubSpot, so nothing can be sent to it. */
    public static final String CONTACT_ABSENT = "contact-absent";
    /** Unsubscribe: the contact has no email address, so there is nothing to unsubscribe. */
    public static final String NO_EMAIL = "no-email";
}
