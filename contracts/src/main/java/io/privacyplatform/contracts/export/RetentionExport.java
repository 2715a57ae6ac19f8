package io.privacyplatform.contracts.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * retention-service's slice of an access export (GDPR Art. 15), {@code GET /subjects/{subjectId}/export}: what is
 * held, since when, until when and why, and the subject's connection logs. Personal data (the logs' addresses): stored
 * encrypted by request-service, never logged.
 *
 * @param erasureAt  when the subject's data is erased under the policy (null: no date known yet)
 * @param datastores the export columns of each company datastore that holds rows of the subject (absent in answers of
 *                   builds before datastores: read as none)
 */
public record RetentionExport(
        @NotBlank String subjectId,
        String system,
        Instant generatedAt,
        String policyVersion,
        Instant erasureAt,
        @NotNull List<Held> held,
        List<ConnectionLog> connectionLogs,
        List<DatastoreSlice> datastores) {

    /** An answer without datastore slices, as builds before datastores wrote it. */
    public RetentionExport(String subjectId, String system, Instant generatedAt, String policyVersion, Instant erasureAt,
                           List<Held> held, List<ConnectionLog> connectionLogs) {
        this(subjectId, system, generatedAt, policyVersion, erasureAt, held, connectionLogs, null);
    }

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

    /**
     * One datastore's rows of the subject: the manifest's export columns, by table (tables without a row of the
     * subject left out). Values are personal data: {@link #toString()} counts the rows only.
     *
     * @param datastore the datastore's system name in the registry (e.g. {@code account-database})
     * @param tables    table name to its rows, each row column name to value (text, number, boolean or null)
     */
    public record DatastoreSlice(@NotBlank String datastore, @NotNull Map<String, List<Map<String, Object>>> tables) {

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("DatastoreSlice[" + datastore);
            if (tables != null) {
                tables.forEach((table, rows) -> out.append(' ').append(table).append('=').append(rows == null ? 0 : rows.size()));
            }
            return out.append(']').toString();
        }
    }
}
