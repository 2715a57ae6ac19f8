package io.privacyplatform.retention.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.policy.RetentionPolicy;

import java.time.Instant;
import java.util.List;

/**
 * One inventory entry: purpose and its legal basis, categories held, the clocks, the expiry the policy gives, and,
 * for a purpose kept through a whole erasure under an exemption, the order and the systems that keep its data.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InventoryEntryView(String subjectId, String purpose, RetentionPolicy.LegalBasis legalBasis,
                                 List<String> dataCategories, Instant collectedAt, Instant lastActivityAt,
                                 Instant contractEndAt, Instant offerEndAt, Instant withdrawnAt, String source,
                                 Instant expiresAt, java.util.UUID keptUnderExemptionOf, List<String> keptBy) {

    static InventoryEntryView of(InventoryEntry entry, RetentionPolicy policy) {
        return new InventoryEntryView(entry.subjectId, entry.purpose,
                policy.purpose(entry.purpose).map(RetentionPolicy.Purpose::legalBasis).orElse(null),
                entry.dataCategories.stream().sorted().map(DataCategory::code).toList(),
                entry.collectedAt, entry.lastActivityAt, entry.contractEndAt, entry.offerEndAt, entry.withdrawnAt,
                entry.source, entry.expiresAt, entry.exemptedByOrder,
                entry.exemptionSystems == null ? null : io.privacyplatform.retention.service.SweepStatements.codes(entry.exemptionSystems));
    }
}
