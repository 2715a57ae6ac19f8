package io.privacyplatform.support.problem;

import java.util.List;

/**
 * The problems services answer with, one factory per kind, so that a status always carries the same title.
 * Details and field rules say what to change and never quote the values sent.
 */
public final class Problems {

    static final String INVALID = "Invalid request";
    static final String INVALID_FIELDS = "The request has invalid fields; see errors.";

    private Problems() {
    }

    /** 400 "Bad request", without field errors. */
    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad request", detail);
    }

    /** 400 "Invalid request": one field broke {@code rule}. */
    public static ProblemException invalid(String field, String rule, String detail) {
        return invalid(detail, List.of(new Problem.FieldError(field, rule)));
    }

    /** 400 "Invalid request" with the fields at fault. */
    public static ProblemException invalid(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(400, INVALID, detail, errors);
    }

    /** 400 "Invalid request", "The request has invalid fields; see errors.". */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        return invalid(INVALID_FIELDS, errors);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "Forbidden", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    /** 422 "Unprocessable request": well-formed, but against a rule of the domain. */
    public static ProblemException unprocessable(String detail) {
        return unprocessable(detail, List.of());
    }

    public static ProblemException unprocessable(String detail, List<Problem.FieldError> errors) {
        return new ProblemException(422, "Unprocessable request", detail, errors);
    }

    /** 503 "Service unavailable": a service this answer depends on cannot be asked now; nothing changed, try again. */
    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service unavailable", detail);
    }
}
