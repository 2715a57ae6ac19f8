package io.privacyplatform.support.security;

import java.util.List;

/**
 * The roles a bearer token can carry (claim {@code groups}). A person's three roles come from the two public
 * clients only; every other role is narrow, named after the one thing it allows, and carried by the service account
 * of the one caller that needs it ({@link CallerCheck} drops a role its token's client may not carry).
 */
public final class Roles {

    /** A person exercising their own rights; the token's {@code sub} is their subject id. */
    public static final String DATA_SUBJECT = "data-subject";
    /** The DPO: reviews, approves, rejects and extends requests; exports evidence. */
    public static final String PRIVACY_OFFICER = "privacy-officer";
    /** Ops: operational endpoints (dead letters, replays), never personal data. */
    public static final String OPERATOR = "operator";

    /** Reads the corrected values of an approved rectification (request-service); partner-sync and retention apply them. */
    public static final String RECTIFICATION_READER = "rectification-reader";
    /** Reads any subject's export slice (consent, retention, live partner data) that request-service assembles. */
    public static final String SUBJECT_EXPORT_READER = "subject-export-reader";
    /** Reads a subject's legal holds (retention-service) before request-service orders an erasure. */
    public static final String HOLD_READER = "hold-reader";
    /** Reads a subject's contact details (retention-service) to write to them or find them at a partner. */
    public static final String CONTACT_READER = "contact-reader";
    /** Records consent grants and withdrawals for any subject (the product's settings, partner-sourced grants). */
    public static final String CONSENT_RECORDER = "consent-recorder";
    /** Asks whether a subject may be processed for a purpose now, and whether an address is suppressed. */
    public static final String CONSENT_CHECKER = "consent-checker";
    /** Issues and revokes one-click unsubscribe links for the product's mails. */
    public static final String UNSUBSCRIBE_LINK_ISSUER = "unsubscribe-link-issuer";
    /** Reports what is held on a subject (inventory entries, activity, imports); never an already expired entry. */
    public static final String INVENTORY_RECORDER = "inventory-recorder";
    /** Reports a subject's connection logs (IP addresses) to retention-service. */
    public static final String CONNECTION_LOG_RECORDER = "connection-log-recorder";
    /** Records a processor record at a partner (binds a Stripe customer to a subject). */
    public static final String PROCESSOR_RECORD_RECORDER = "processor-record-recorder";

    /** The roles of a person signing in; a service account never carries them. */
    public static final List<String> PERSON_ROLES = List.of(DATA_SUBJECT, PRIVACY_OFFICER, OPERATOR);
    /** Every role, the person's first. */
    public static final List<String> ALL = List.of(DATA_SUBJECT, PRIVACY_OFFICER, OPERATOR, RECTIFICATION_READER,
            SUBJECT_EXPORT_READER, HOLD_READER, CONTACT_READER, CONSENT_RECORDER, CONSENT_CHECKER,
            UNSUBSCRIBE_LINK_ISSUER, INVENTORY_RECORDER, CONNECTION_LOG_RECORDER, PROCESSOR_RECORD_RECORDER);

    private Roles() {
    }
}
