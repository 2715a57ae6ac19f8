package io.privacyplatform.contracts.order;

/** Which order an {@link OrderConfirmed} answers. */
public enum OrderKind {
    /** A {@code rectification-ordered} event: the named fields were corrected. */
    RECTIFICATION,
    /** A {@code restriction-changed} event with {@code restricted=true}: processing other than storage stopped. */
    RESTRICTION,
    /** A {@code restriction-changed} event with {@code restricted=false}: processing may resume. */
    RESTRICTION_LIFT
}
