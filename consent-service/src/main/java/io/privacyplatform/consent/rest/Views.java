package io.privacyplatform.consent.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.service.ConsentView;
import io.privacyplatform.consent.service.EffectiveStates;
import io.privacyplatform.consent.service.Notices.Notice;
import io.privacyplatform.consent.service.Restrictions.Restriction;
import io.privacyplatform.consent.service.UnsubscribeLinks;
import io.privacyplatform.contracts.export.ConsentExport;
import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The other bodies and answers of the API (records on the wire, entities never). */
public final class Views {

    /**
     * A subject's consents: {@code current} holds the entry in force per purpose (a purpose never answered is
     * absent); {@code history} every entry, oldest first; {@code restricted} whether a restriction is in force.
     */
    public record SubjectConsents(String subjectId, List<ConsentView> current, List<ConsentView> history,
                                  boolean restricted) {
    }

    /** Body of {@code POST /consents/batch}. */
    public record BatchChanges(@NotNull List<@Valid @NotNull RecordConsent> changes) {
    }

    /** One result per change of a batch, in order; {@code entry} is the entry in force (absent if never answered). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchResult(boolean changed, ConsentView entry) {
    }

    public record BatchResults(List<BatchResult> results) {
    }

    /** The answer to "may we process (email) this subject for this purpose now?". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Effective(String subjectId, String purpose, boolean allowed, EffectiveStates.Reason reason,
                            Instant since) {
        static Effective of(EffectiveStates.Effective e) {
            return new Effective(e.subjectId(), e.purpose().code(), e.allowed(), e.reason(), e.since());
        }
    }

    /** Body of the batch effective-state query. */
    public record EffectiveQuery(@NotBlank String purpose, @NotNull List<@SubjectId String> subjectIds) {
    }

    public record EffectiveAnswers(String purpose, List<Effective> results) {
    }

    /** A purpose of the catalogue with its legal basis and the notice of the current policy version. */
    public record Purpose(String code, String policySection, ConsentPurpose.LegalBasis legalBasis, boolean marketing,
                          boolean allowedWithoutAnswer, Notice currentNotice) {
    }

    /** Body of {@code POST /unsubscribe-links}. */
    public record IssueLink(@NotNull @SubjectId String subjectId, @NotBlank String purpose) {
    }

    /**
     * An unsubscribe link and the two headers of RFC 8058 for the email that carries it. The token is a
     * credential for one withdrawal: it goes into the email only, never into logs.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Link(UUID tokenId, String subjectId, String purpose, Instant issuedAt, Instant revokedAt,
                       Instant usedAt, String token, String url, String listUnsubscribe, String listUnsubscribePost) {
        static Link of(UnsubscribeLinks.Link link) {
            return new Link(link.tokenId(), link.subjectId(), link.purpose().code(), link.issuedAt(), link.revokedAt(),
                    link.usedAt(), null, null, null, null);
        }
    }

    /** Body of {@code POST /suppressions/check}: addresses about to be imported. */
    public record SuppressionQuery(@NotNull List<@NotNull String> emails) {
    }

    /** One answer per address, by position (the addresses are not echoed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SuppressionAnswer(int index, boolean suppressed, LocalDate suppressedOn, String reason) {
    }

    public record SuppressionAnswers(int checked, int suppressed, List<SuppressionAnswer> results) {
    }

    /**
     * The consent-service slice of an access or portability export (GDPR Art. 15 and 20), contract
     * {@code HttpContracts.CONSENT_EXPORT}: the subject's whole ledger, the notices it refers to, what is in force,
     * restrictions and unsubscribe links (never their tokens).
     */
    static ConsentExport export(String subjectId, Instant exportedAt, List<ConsentView> ledger, List<ConsentView> current,
                                List<Notice> notices, List<Restriction> restrictions, List<UnsubscribeLinks.Link> links) {
        return new ConsentExport(subjectId, "consent", exportedAt, entries(ledger), entries(current),
                notices.stream().map(n -> new ConsentExport.Notice(n.purpose(), n.policyVersion(), n.language(), n.title(),
                        n.text(), n.sha256(), n.publishedOn())).toList(),
                restrictions.stream().map(r -> new ConsentExport.Restriction(r.requestId(), r.reason(), r.since())).toList(),
                links.stream().map(l -> new ConsentExport.UnsubscribeLink(l.tokenId(), l.subjectId(), l.purpose().code(),
                        l.issuedAt(), l.revokedAt(), l.usedAt())).toList());
    }

    private static List<ConsentExport.LedgerEntry> entries(List<ConsentView> views) {
        return views.stream().map(v -> new ConsentExport.LedgerEntry(v.entryId(), v.purpose(), v.action(), v.granted(),
                v.recordedAt(), v.source(), v.policyVersion(), v.noticeHash(), v.recordedBy(), v.actorRole(), v.partner(),
                v.evidence(), v.requestId())).toList();
    }

    private Views() {
    }
}
