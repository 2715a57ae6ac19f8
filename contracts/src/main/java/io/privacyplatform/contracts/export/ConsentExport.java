package io.privacyplatform.contracts.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * consent-service's slice of an access or portability export (GDPR Art. 15 and 20), {@code GET /consents/export}: the
 * subject's whole ledger, the notices it refers to, what is in force, restrictions and unsubscribe links (never their
 * tokens). Personal data: stored encrypted by request-service, never logged.
 *
 * @param ledger  every entry, oldest first
 * @param current the entry in force per purpose (a purpose never answered is absent)
 */
public record ConsentExport(
        @NotBlank String subjectId,
        String system,
        Instant exportedAt,
        @NotNull List<LedgerEntry> ledger,
        @NotNull List<LedgerEntry> current,
        List<Notice> notices,
        List<Restriction> restrictions,
        List<UnsubscribeLink> unsubscribeLinks) {

    /** One ledger entry with its proof: when, how, under which notice, by whom, and the partner's evidence. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LedgerEntry(UUID entryId, String purpose, String action, boolean granted, Instant recordedAt,
                              String source, String policyVersion, String noticeHash, String recordedBy,
                              String actorRole, String partner, String evidence, UUID requestId) {
    }

    /** A notice an entry refers to: the text shown for a purpose under a policy version, and its SHA-256. */
    public record Notice(String purpose, String policyVersion, String language, String title, String text,
                         String sha256, LocalDate publishedOn) {
    }

    /** A restriction of processing in force (GDPR Art. 18). */
    public record Restriction(UUID requestId, String reason, Instant since) {
    }

    /** An unsubscribe link issued for the subject; the token itself is never exported. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record UnsubscribeLink(UUID tokenId, String subjectId, String purpose, Instant issuedAt, Instant revokedAt,
                                  Instant usedAt) {
    }
}
