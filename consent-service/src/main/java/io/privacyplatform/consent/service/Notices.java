package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentNotice;
import io.privacyplatform.consent.ConsentPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The published notices, read-only: a migration publishes them and a trigger refuses any change. */
@ApplicationScoped
public class Notices {

    /** A notice: the text shown for a purpose under a policy version, and its SHA-256. */
    public record Notice(String purpose, String policyVersion, String language, String title, String text,
                         String sha256, LocalDate publishedOn) {
        static Notice of(ConsentNotice n) {
            return new Notice(n.purpose, n.policyVersion, n.language, n.title, n.text, n.textSha256, n.publishedOn);
        }
    }

    @Transactional
    public Optional<Notice> of(ConsentPurpose purpose, String policyVersion) {
        return ConsentNotice.of(purpose, policyVersion).map(Notice::of);
    }

    /** Every notice of the purpose, one per policy version, oldest first. */
    @Transactional
    public List<Notice> ofPurpose(ConsentPurpose purpose) {
        return ConsentNotice.ofPurpose(purpose).stream().map(Notice::of).toList();
    }

    /** The notices the entries were recorded under, by purpose then policy version. */
    @Transactional
    public List<Notice> referredBy(List<ConsentView> entries) {
        return entries.stream()
                .map(e -> new ConsentNotice.Key(e.purpose(), e.policyVersion())).distinct()
                .map(k -> ConsentNotice.<ConsentNotice>findById(k)).filter(Objects::nonNull)
                .sorted(Comparator.comparing((ConsentNotice n) -> n.purpose).thenComparing(n -> n.policyVersion))
                .map(Notice::of).toList();
    }
}
