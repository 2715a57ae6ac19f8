package io.privacyplatform.request.service;

import java.util.UUID;

/**
 * The encrypted columns of a request, and the place each value is bound to (the AES-GCM associated data):
 * a ciphertext moved to another request or column does not decrypt.
 */
public enum Sealed {
    DETAILS("details"),
    IDENTITY_CHECK("identity-check"),
    EXTENSION_REASON("extension-reason"),
    REJECTION_TEXT("rejection-text"),
    OUTCOME_REASONS("outcome-reasons"),
    RESTRICTION_LIFT("restriction-lift"),
    /** The person's address for the mails about the request (given at filing, or verified by the email channel). */
    CONTACT_EMAIL("contact-email"),
    /** The address of a filing by email waiting for its code (keyed by the filing id). */
    EMAIL_FILING_ADDRESS("email-filing-address"),
    /** The body of a filing by email waiting for its code (keyed by the filing id). */
    EMAIL_FILING_DETAILS("email-filing-details"),
    /** The assembled access or portability export (keyed by the request id). */
    EXPORT_DOCUMENT("export-document");

    private final String column;

    Sealed(String column) {
        this.column = column;
    }

    public String place(UUID requestId) {
        return requestId + "/" + column;
    }

    /** The place of one service's export slice while the export is assembled. */
    public static String exportSliceOf(UUID requestId, String service) {
        return requestId + "/export-slice/" + service;
    }

    /** The place of a subject's post-mortem directives. */
    public static String directivesOf(String subjectId) {
        return "directives/" + subjectId;
    }
}
