package io.privacyplatform.contracts.request;

/** The rights of policy §13 (GDPR Art. 15 to 21) and §13.1 (French post-mortem directives). */
public enum RequestType {
    ACCESS,
    RECTIFICATION,
    ERASURE,
    RESTRICTION,
    PORTABILITY,
    OBJECTION,
    POST_MORTEM_DIRECTIVES,
    HEIR
}
