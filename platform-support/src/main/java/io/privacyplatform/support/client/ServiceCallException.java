package io.privacyplatform.support.client;

import com.fasterxml.jackson.core.JacksonException;
import jakarta.ws.rs.WebApplicationException;

/**
 * Why a call to another platform service gave no usable answer, in the few kinds every caller maps to its own codes
 * (request-service's slice errors, partner-sync's transient and permanent task failures). The message names the kind,
 * the status and at most an exception class: answers of platform services carry personal data and are never kept.
 */
public class ServiceCallException extends RuntimeException {

    public enum Kind {
        /** No answer: refused or reset connection, timeout, no service token (issuer down, credentials refused). */
        NO_ANSWER,
        /** 401 or 403: the caller's client credentials or its role. */
        UNAUTHORIZED,
        /** 404. */
        NOT_FOUND,
        /** 409. */
        CONFLICT,
        /** 5xx. */
        SERVER_ERROR,
        /** Any other status but 200 (a contract answers 200 or fails). */
        OTHER_STATUS,
        /** 200, but not the contract: not JSON, not the record's shape, or a required field missing. */
        UNPARSEABLE
    }

    private final Kind kind;
    private final int status;

    private ServiceCallException(Kind kind, int status, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.status = status;
    }

    /** An answer with a status other than 200. */
    public static ServiceCallException status(int status) {
        Kind kind = switch (status) {
            case 401, 403 -> Kind.UNAUTHORIZED;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            default -> status >= 500 ? Kind.SERVER_ERROR : Kind.OTHER_STATUS;
        };
        return new ServiceCallException(kind, status, "HTTP " + status);
    }

    /** A 200 that is not the contract. */
    public static ServiceCallException unparseable() {
        return new ServiceCallException(Kind.UNPARSEABLE, 200, "unreadable answer");
    }

    /** Nothing came back; only the class of what happened is kept. */
    public static ServiceCallException noAnswer(Throwable failure) {
        return new ServiceCallException(Kind.NO_ANSWER, 0,
                "no response or no service token (" + failure.getClass().getSimpleName() + ")");
    }

    /**
     * Classifies what a typed REST client threw: this exception (from {@link ServiceAnswerMapper}), a JSON binding
     * error (the body was not the record), a status the client raised itself, or anything else (no answer).
     */
    public static ServiceCallException of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceCallException known) {
                return known;
            }
            if (t instanceof JacksonException) {
                return unparseable();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WebApplicationException answered && answered.getResponse() != null) {
                return status(answered.getResponse().getStatus());
            }
        }
        return noAnswer(failure);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status; 0 when no answer came, 200 when the answer was not the contract. */
    public int status() {
        return status;
    }
}
