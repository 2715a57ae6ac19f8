package io.privacyplatform.support.subject;

import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Hmacs;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Subject ids. Platform users have opaque ids chosen by the platform (the token's {@code sub}). People
 * known only by an email address get {@code em_} + HMAC-SHA256(key, normalized email): every service
 * derives the same id without storing or transmitting the address, and without the key nobody can test
 * a guessed address against it.
 */
@ApplicationScoped
public class SubjectIds {

    public static final String EMAIL_PREFIX = "em_";

    private final SubjectIdConfig config;

    SubjectIds(SubjectIdConfig config) {
        this.config = config;
    }

    public String fromEmail(String email) {
        String key = config.hmacKey().filter(k -> !k.isBlank()).orElseThrow(() ->
                new IllegalStateException("platform.subject-id.hmac-key is not configured"));
        return fromEmail(email, key);
    }

    /** Checks a subject id given outside a validated body (e.g. a query parameter); 400 problem otherwise. */
    public static String requireValid(String subjectId) {
        if (subjectId == null || subjectId.isBlank()) {
            throw invalid("is required");
        }
        if (!subjectId.matches(SubjectId.PATTERN)) {
            throw invalid(SubjectId.MESSAGE);
        }
        return subjectId;
    }

    /** A 400 problem about the {@code subjectId} field; it names the rule, never the value. */
    public static ProblemException invalid(String rule) {
        return Problems.invalidFields(List.of(new Problem.FieldError("subjectId", rule)));
    }

    /** Trimmed, Unicode NFKC, lower case: the forms a person would consider the same address. */
    public static String normalizeEmail(String email) {
        return Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    static String fromEmail(String email, String key) {
        return EMAIL_PREFIX + Hmacs.sha256Hex(key, normalizeEmail(email));
    }
}
