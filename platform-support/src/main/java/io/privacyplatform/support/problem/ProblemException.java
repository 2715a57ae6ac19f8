package io.privacyplatform.support.problem;

import java.util.List;

/**
 * Thrown by services to answer a request with a problem+json 4xx. The detail is shown to the caller:
 * it explains what to change and carries no personal data.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** Same as {@link Problems#badRequest(String)}. */
    public static ProblemException badRequest(String detail) {
        return Problems.badRequest(detail);
    }

    /** Same as {@link Problems#notFound(String)}. */
    public static ProblemException notFound(String detail) {
        return Problems.notFound(detail);
    }

    /** Same as {@link Problems#conflict(String)}. */
    public static ProblemException conflict(String detail) {
        return Problems.conflict(detail);
    }

    /** Same as {@link Problems#unprocessable(String)}. */
    public static ProblemException unprocessable(String detail) {
        return Problems.unprocessable(detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
