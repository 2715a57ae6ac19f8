package io.privacyplatform.support.security;

/** The roles a bearer token can carry (claim {@code groups}). */
public final class Roles {

    /** A person exercising their own rights; the token's {@code sub} is their subject id. */
    public static final String DATA_SUBJECT = "data-subject";
    /** The DPO: reviews, approves, rejects and extends requests; exports evidence. */
    public static final String PRIVACY_OFFICER = "privacy-officer";
    /** Ops: operational endpoints (dead letters, replays), never personal data. */
    public static final String OPERATOR = "operator";
    /** A platform backend acting for the product (records consents, processor records, inventory). */
    public static final String PLATFORM = "platform";

    private Roles() {
    }
}
