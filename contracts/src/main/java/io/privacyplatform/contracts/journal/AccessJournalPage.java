package io.privacyplatform.contracts.journal;

import java.util.List;

/** One page of a service's access journal, newest first; {@code total} counts every match. */
public record AccessJournalPage(List<AccessJournalEntry> items, int page, int size, long total) {
}
