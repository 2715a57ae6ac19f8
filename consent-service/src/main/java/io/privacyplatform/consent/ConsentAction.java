package io.privacyplatform.consent;

/** What a ledger entry does to a purpose. */
public enum ConsentAction {
    /** Consent given (or, for a legitimate-interest purpose, an objection lifted). */
    GRANT,
    /** Consent withdrawn. */
    WITHDRAW,
    /** An objection (GDPR Art. 21): withdraws, and refuses partner-sourced grants until the subject grants again. */
    OBJECT;

    public boolean granted() {
        return this == GRANT;
    }
}
