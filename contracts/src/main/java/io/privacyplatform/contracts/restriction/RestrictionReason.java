package io.privacyplatform.contracts.restriction;

/** The grounds of GDPR Art. 18(1) (policy §13, "droit à la limitation du traitement"). */
public enum RestrictionReason {
    /** (a) the subject contests the accuracy of the data, for the time needed to check it. */
    ACCURACY_CONTESTED,
    /** (b) the processing is unlawful and the subject asks for restriction instead of erasure. */
    UNLAWFUL_PROCESSING,
    /** (c) the company no longer needs the data but the subject needs it for a legal claim. */
    NEEDED_FOR_LEGAL_CLAIM,
    /** (d) the subject objected (Art. 21(1)) pending verification of legitimate grounds. */
    OBJECTION_PENDING
}
