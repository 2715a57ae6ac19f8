package io.privacyplatform.request;

/**
 * How the privacy officer checked the identity of someone filing through them (policy §13: the person justifies
 * their identity; ask for no more than needed).
 */
public enum IdentityCheckMethod {
    /** The person wrote from, or confirmed through, the email address on file. */
    EMAIL_ON_FILE,
    /** The person proved control of their platform account (e.g. a message sent from the signed-in session). */
    PLATFORM_ACCOUNT,
    /** An identity document was shown and checked (not kept). */
    ID_DOCUMENT,
    /** A letter from the postal address on file. */
    POSTAL_ADDRESS_ON_FILE,
    /** HEIR requests: a death certificate and a proof of heirship were checked. */
    PROOF_OF_DEATH_AND_HEIRSHIP,
    /** Anything else: the note says what. */
    OTHER
}
