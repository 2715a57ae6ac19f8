package io.privacyplatform.contracts.request;

/** What an OBJECTION request (GDPR Art. 21) is about. */
public enum ObjectionScope {
    /** Art. 21(1): processing based on legitimate or public interest, for the listed purposes. */
    PROCESSING,
    /** Art. 21(2)-(3), policy §11: all direct marketing; absolute, no grounds needed. */
    PROSPECTION
}
