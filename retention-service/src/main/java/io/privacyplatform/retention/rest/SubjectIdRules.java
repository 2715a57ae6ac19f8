package io.privacyplatform.retention.rest;

import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;

import java.util.List;

/** Subject ids are opaque, pseudonymous ids: an email address or a name is refused before it is stored. */
final class SubjectIdRules {

    static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:-]{0,199}";
    static final String MESSAGE = "must be a pseudonymous subject id (letters, digits, '.', '_', ':', '-'; at most 200), never an email address";

    /** Checks a subject id given as a query parameter; the problem names the rule, not the value. */
    static String checked(String subjectId) {
        if (subjectId == null || subjectId.isBlank()) {
            throw invalid("is required");
        }
        if (!subjectId.matches(PATTERN)) {
            throw invalid(MESSAGE);
        }
        return subjectId;
    }

    static ProblemException invalid(String message) {
        return new ProblemException(400, "Invalid request", "The request has invalid fields; see errors.",
                List.of(new Problem.FieldError("subjectId", message)));
    }

    private SubjectIdRules() {
    }
}
