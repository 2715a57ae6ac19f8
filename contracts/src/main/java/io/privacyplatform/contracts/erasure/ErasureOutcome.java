package io.privacyplatform.contracts.erasure;

/** What one system did with an erasure order. */
public enum ErasureOutcome {
    /** Data was found and erased (or irreversibly anonymized). */
    ERASED,
    /** The system held nothing for this subject. */
    NOTHING_HELD,
    /** Some data erased, some kept under a stated exemption. */
    PARTIALLY_ERASED,
    /** The system could not erase and gave up after its retries; a person must act. */
    FAILED
}
