package io.privacyplatform.partnersync.client;

/**
 * What a rectification did with one field at one partner. Codes only, never a value.
 *
 * @param field    the order's field code, e.g. {@code first-name}
 * @param property the partner's property it maps to, e.g. {@code firstname} (HubSpot) or {@code name} (Stripe); null
 *                 when the partner holds no such field
 * @param result   {@link #APPLIED}, {@link #NOT_APPLICABLE}, {@link #NOT_APPLIED_PARTIAL_NAME} or {@link #SUPERSEDED}
 */
public record FieldResult(String field, String property, String result) {

    /** Sent, and the partner's read-back matches (compared by SHA-256 of the normalized values). */
    public static final String APPLIED = "applied";
    /** The partner holds no such field for this kind of object. */
    public static final String NOT_APPLICABLE = "not-applicable";
    /**
     * Stripe keeps one {@code name}: one half of it alone cannot be rectified without guessing the other half. The
     * privacy officer sees it in the outcome and handles it (or files both halves).
     */
    public static final String NOT_APPLIED_PARTIAL_NAME = "not-applied-partial-name";
    /** A newer rectification order already applied this field to the object: the older value is not sent. */
    public static final String SUPERSEDED = "superseded";
}
