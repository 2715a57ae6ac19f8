package io.privacyplatform.contracts.order;

/** What one system did with a rectification or restriction order. */
public enum OrderOutcome {
    /** The system applied the order to the subject's data it holds. */
    APPLIED,
    /** The system holds nothing of this subject that the order concerns. */
    NOTHING_HELD,
    /** The system could not apply the order and gave up after its retries; a person must act. */
    FAILED
}
