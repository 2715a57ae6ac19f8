package io.privacyplatform.partnersync.client;

/**
 * A partner call that did not achieve its purpose. The message is built from status codes and the
 * partner's error codes only: partners' message texts may quote the data they refer to, so they are never
 * kept, logged or published.
 */
public abstract class PartnerException extends RuntimeException {

    private final String partner;
    private final int status;
    private final String code;

    protected PartnerException(String partner, int status, String code, String reason) {
        super(reason, null, false, false);
        this.partner = partner;
        this.status = status;
        this.code = code;
    }

    public String partner() {
        return partner;
    }

    /** HTTP status, 0 when no response was received. */
    public int status() {
        return status;
    }

    /** The partner's error code or type (code-shaped, see {@link PartnerErrors#code}), or null. */
    public String code() {
        return code;
    }

    /** Safe description, e.g. {@code DELETE customer: HTTP 429 rate_limit}. */
    public String reason() {
        return getMessage();
    }
}
