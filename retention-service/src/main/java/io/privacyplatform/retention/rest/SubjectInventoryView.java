package io.privacyplatform.retention.rest;

import java.util.List;

/** Everything the inventory lists for one subject, one entry per purpose. */
public record SubjectInventoryView(String subjectId, List<InventoryEntryView> entries) {
}
