package io.privacyplatform.contracts.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.consent.lapsed.v1}: retention-service, which keeps each subject's last contact,
 * found that a consent purpose's inactivity period ended (policy §4, 4th criterion: marketing consent lasts "jusqu'à
 * la désinscription de l'Utilisateur ou à l'issue d'une période d'inactivité"). consent-service withdraws the consent
 * in its ledger with reason {@code LAPSED} (if it is still granted) and publishes {@code consent-changed}. Codes and
 * times only.
 *
 * @param lapseId        identifies this finding (one per subject, purpose and last contact)
 * @param purpose        the consent purpose code (retention-policy.yaml {@code consentPurpose}), e.g. {@code marketing-email}
 * @param lastContactAt  the last contact the period counts from
 * @param inactivity     the period applied, ISO-8601 (e.g. {@code P3Y}), from the policy's parameter
 * @param rule           the policy rule (e.g. {@code marketing-consent})
 * @param lapsedAt       when the period ended (last contact + inactivity)
 */
public record ConsentLapsed(
        @NotNull UUID lapseId,
        @NotBlank String subjectId,
        @NotBlank String purpose,
        @NotNull Instant lastContactAt,
        @NotBlank String inactivity,
        @NotBlank String rule,
        @NotNull Instant lapsedAt) {
}
