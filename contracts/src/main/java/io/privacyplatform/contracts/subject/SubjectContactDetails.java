package io.privacyplatform.contracts.subject;

import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * The answer to {@code GET /subjects/{subjectId}/contact} of the service that owns the subjects' contact data: the
 * subject's email addresses (404 when it holds none). Personal data: held in memory for one task run by the caller,
 * never stored or logged; {@link #toString()} counts the addresses only.
 */
public record SubjectContactDetails(String subjectId, @NotNull List<String> emails) {

    @Override
    public String toString() {
        return "SubjectContactDetails[subjectId=" + subjectId + ", emails=" + (emails == null ? 0 : emails.size()) + "]";
    }
}
