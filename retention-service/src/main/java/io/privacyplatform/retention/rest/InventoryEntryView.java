package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.retention.Purpose;

import java.time.Instant;
import java.util.List;

/** One inventory entry: purpose and its legal basis (policy section 5), categories held, the two clocks. */
public record InventoryEntryView(String subjectId, String purpose, Purpose.LegalBasis legalBasis,
                                 List<String> dataCategories, Instant collectedAt, Instant lastActivityAt) {

    static InventoryEntryView of(InventoryEntry entry) {
        return new InventoryEntryView(entry.subjectId, entry.purpose.code(), entry.purpose.legalBasis(),
                entry.dataCategories.stream().sorted().map(DataCategory::code).toList(),
                entry.collectedAt, entry.lastActivityAt);
    }
}
