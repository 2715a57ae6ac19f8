package io.privacyplatform.retention.datastore;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest that cannot be used: every problem with the file and line it is on. Thrown at startup, so the service
 * does not start. Messages name tables, columns and lines, never data.
 */
public class ManifestException extends RuntimeException {

    private final transient List<Problem> problems;

    public ManifestException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n  ", "Invalid datastore manifest:\n  ", "")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One problem: {@code file:line: message}. */
    public record Problem(String source, int line, String message) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + message;
        }
    }
}
