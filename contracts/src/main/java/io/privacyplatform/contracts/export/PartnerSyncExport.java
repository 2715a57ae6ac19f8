package io.privacyplatform.contracts.export;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * partner-sync-service's slice of an access export (GDPR Art. 15), {@code GET /subjects/{subjectId}/export}: the
 * processor records, and what Stripe and HubSpot hold, read live. {@code complete} is false when some object could not
 * be read (the caller asks again later). The {@code fields} are personal data: no {@code toString} prints them.
 */
public record PartnerSyncExport(
        @NotBlank String subjectId,
        Instant generatedAt,
        @NotNull List<Record> processorRecords,
        @NotNull List<PartnerObject> partners,
        @NotNull Boolean complete,
        List<String> notices) {

    /** Every processor record of the subject, erased ones included. */
    public record Record(String partner, String objectType, String objectId, String purpose, Instant createdAt,
                         String source, Instant erasedAt) {
    }

    /** What the partner holds for one object not erased yet. {@code retrievedAt} is null when not read. */
    public record PartnerObject(String partner, String objectType, String objectId, Status status,
                                Map<String, String> fields, Instant retrievedAt) {

        @Override
        public String toString() {
            return "PartnerObject[" + partner + " " + objectType + " " + objectId + " " + status + ", fields="
                    + (fields == null ? null : fields.keySet()) + "]";
        }
    }

    public enum Status {
        /** Read: {@code fields} is what the partner holds. */
        FOUND,
        /** The partner no longer has the object (404, or {@code deleted:true}). */
        GONE,
        /** Not read now (partner failing, circuit open, rate limited, out of time): the export is not complete. */
        UNAVAILABLE,
        /** Listed from the processor records, content not read back (OpenAI). */
        NOT_READ
    }
}
