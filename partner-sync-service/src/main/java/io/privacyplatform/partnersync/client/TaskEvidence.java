package io.privacyplatform.partnersync.client;

import java.util.List;

/**
 * What a finished partner task did and how it was checked.
 *
 * @param result       {@link #DELETED}, {@link #ALREADY_ABSENT}, {@link #UNSUBSCRIBED}, {@link #CONTACT_ABSENT} or
 *                     {@link #NO_EMAIL}
 * @param action       what was called, with placeholders instead of ids (never an email)
 * @param verification how the result was read back
 * @param fields       RECTIFY: what happened to each field of the order (codes only); empty for other kinds
 * @param discovered   LOOKUP: ids of the partner objects found by email (to become processor records and ERASE tasks);
 *                     ERASE of a Stripe customer: ids of the billing objects Stripe keeps (recorded as kept)
 */
public record TaskEvidence(String result, String action, String verification, List<FieldResult> fields,
                           List<String> discovered) {

    public TaskEvidence {
        fields = fields == null ? List.of() : List.copyOf(fields);
        discovered = discovered == null ? List.of() : List.copyOf(discovered);
    }

    public TaskEvidence(String result, String action, String verification, List<FieldResult> fields) {
        this(result, action, verification, fields, List.of());
    }

    public TaskEvidence(String result, String action, String verification) {
        this(result, action, verification, List.of(), List.of());
    }

    public static final String DELETED = "deleted";
    public static final String ALREADY_ABSENT = "already-absent";
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** Unsubscribe: the contact no longer exists at HubSpot, so nothing can be sent to it. */
    public static final String CONTACT_ABSENT = "contact-absent";
    /** Unsubscribe: the contact has no email address, so there is nothing to unsubscribe. */
    public static final String NO_EMAIL = "no-email";
    /** Rectify: every field the partner holds was sent and read back equal. */
    public static final String RECTIFIED = "rectified";
    /** Rectify: some fields were applied, others could not be (see the fields). */
    public static final String PARTIALLY_RECTIFIED = "partially-rectified";
    /** Rectify: the partner holds none of the order's fields; nothing was sent. */
    public static final String NOT_APPLICABLE = "not-applicable";
    /** Lookup: the partner was searched by the subject's email (see {@link #discovered}). */
    public static final String LOOKED_UP = "looked-up";
    /** Lookup: the owning service has no email for the subject: nothing to search. */
    public static final String NO_CONTACT = "no-contact";
    /** Redact: the partner redacted the object's personal data (the object stays, as an accounting record). */
    public static final String REDACTED = "redacted";
    /** Redact: the object's personal data was already redacted (e.g. with a related object) when the task ran. */
    public static final String ALREADY_REDACTED = "already-redacted";
    /** Rectify: every field was applied by a newer order already; nothing sent. */
    public static final String SUPERSEDED = "superseded";
    /** Rectify: the object no longer exists at the partner (erased meanwhile): nothing to correct. */
    public static final String OBJECT_ABSENT = "object-absent";
}
