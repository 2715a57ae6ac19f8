package io.privacyplatform.partnersync.client;

/**
 * A partner call that did not achieve its purpose. The message is built from status codes and the
 * partner's error codes only: partners' message texts may quote the data they refer to, so they are never
 * kept, logged or published.
 */
public abstract class PartnerException extends RuntimeException {

    private final String partner;
    private final int status;

    protected PartnerException(String partner, int status, String reason) {
        super(reason, null, false, false);
        this.partner = partner;
        this.status = status;
    }

    public String partner() {
        return partner;
    }

    /** HTTP status, 0 when no response was received. */
    public int status() {
        return status;
    }

    /** Safe description, e.g. {@code HTTP 429 rate_limit_exceeded}. */
    public String reason() {
        return getMessage();
    }
}
