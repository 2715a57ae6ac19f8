package io.privacyplatform.contracts.request;

/** How a request reached the company; it decides how identity was proven. */
public enum RequestChannel {
    /** Authenticated platform session (subject id from the bearer token). */
    PLATFORM,
    /** Contact page or email to the DPO mailbox, identity proven by a one-time code. */
    EMAIL,
    /** Filed by the privacy officer on the subject's behalf. */
    PRIVACY_OFFICER
}
