package io.privacyplatform.retention.rest;

import io.privacyplatform.support.subject.SubjectId;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /inventory}.
 *
 * @param purpose        a purpose code of the retention policy, e.g. {@code account-registration}
 * @param dataCategories what is held now, e.g. {@code ["identity", "contact"]}; replaces the previous list
 * @param collectedAt    first collection; now when omitted
 * @param lastActivityAt the subject's last activity or contact for this purpose; now when omitted
 * @param contractEndAt  end of the contract (may lie in the future); replaces the stored one when given
 * @param offerEndAt     end of the promotional offer (required for {@code promotional-offers})
 */
public record RegisterInventory(
        @SubjectId String subjectId,
        @NotBlank String purpose,
        @NotEmpty @Size(max = 10) List<@NotBlank String> dataCategories,
        Instant collectedAt,
        Instant lastActivityAt,
        Instant contractEndAt,
        Instant offerEndAt) {
}
