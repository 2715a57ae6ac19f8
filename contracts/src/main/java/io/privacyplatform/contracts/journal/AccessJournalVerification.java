package io.privacyplatform.contracts.journal;

import java.time.Instant;

/**
 * The walk of a service's access journal chain ({@code GET /access-journal/verify}).
 *
 * @param intact              every entry's hash matches its fields and the hash before it
 * @param checkedEntries      how many entries were walked (up to the first broken one)
 * @param firstBrokenPosition the position of the first entry that does not match; null when intact
 * @param problem             what does not match there (which hash), never the entry's values; null when intact
 * @param purgedThrough       the last position the purge deleted (0: none yet); the chain starts after it
 * @param anchorHash          the hash of the last purged entry (64 zeros before any purge): the first entry's
 *                            {@code previousHash}
 * @param lastHash            the hash of the last entry walked (the anchor's when the journal is empty)
 * @param checkedAt           when the walk ran
 */
public record AccessJournalVerification(boolean intact, long checkedEntries, Long firstBrokenPosition, String problem,
                                        long purgedThrough, String anchorHash, String lastHash, Instant checkedAt) {
}
