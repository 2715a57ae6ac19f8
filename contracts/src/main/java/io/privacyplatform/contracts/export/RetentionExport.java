package io.privacyplatform.contracts.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;

/**
 * retention-service's slice of an access export (GDPR Art. 15), {@code GET /subjects/{subjectId}/export}: what is
 * held, since when, until when and why, and the subject's connection logs. Personal data (the logs' addresses): stored
 * encrypted by request-service, never logged.
 *
 * @param erasureAt when the subject's data is erased under the policy (null: no date known yet)
 */
public record RetentionExport(
        @NotBlank String subjectId,
        String system,
        Instant generatedAt,
        String policyVersion,
        Instant erasureAt,
        @NotNull List<Held> held,
        List<ConnectionLog> connectionLogs) {

    /**
     * What is held for one purpose.
     *
     * @param legalBasis the policy's code ({@code CONTRACT}, {@code LEGITIMATE_INTEREST}, {@code CONSENT}, {@code LEGAL_OBLIGATION})
     * @param heldSince  when the data was collected for this purpose
     * @param heldUntil  when it expires under the policy (null: no end known yet)
     * @param why        the retention rule, in plain words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Held(String purpose, String title, String legalBasis, String legalBasisText, List<String> dataCategories,
                       String source, Instant heldSince, Instant heldUntil, String why, String policySection,
                       String note) {
    }

    /** One connection of the subject (policy §10), the address decrypted. {@link #toString()} leaves the address out. */
    public record ConnectionLog(Instant occurredAt, String kind, String ipAddress) {

        @Override
        public String toString() {
            return "ConnectionLog[" + occurredAt + " " + kind + "]";
        }
    }
}
