package io.privacyplatform.contracts.erasure;

/** Why an erasure was ordered. */
public enum ErasureReason {
    /** The subject exercised the right to erasure (GDPR Art. 17, policy §13). */
    DATA_SUBJECT_REQUEST,
    /** The retention period of policy §4 ran out for every purpose. */
    RETENTION_EXPIRED
}
