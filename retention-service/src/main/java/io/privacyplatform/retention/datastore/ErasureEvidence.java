package io.privacyplatform.retention.datastore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one erasure did in one datastore, as committed with it (a re-run of the same order returns this same
 * evidence and changes nothing).
 *
 * @param rowsAffected per table the order changed, the rows deleted or updated (children before parents)
 * @param remaining    per erased table, the subject's rows still holding a value that is not erased, re-counted
 *                     in the same transaction: all 0, or the erasure is rolled back
 * @param retained     the columns kept, with their legal basis and rule, and how many of the subject's rows keep them
 * @param ended        retained columns erased by a scoped order because their rule has ended (manifest {@code then:})
 * @param kept         tables a scoped order left as they are because they serve kept purposes
 * @param untouched    tables a scoped order left as they are because it concerns none of their purposes, with why
 */
public record ErasureEvidence(String datastore, String orderId, Instant erasedAt, Map<String, Integer> rowsAffected,
                              Map<String, Long> remaining, List<RetainedData> retained, List<EndedRetention> ended,
                              List<KeptTable> kept, Map<String, String> untouched) {

    public ErasureEvidence {
        ended = Objects.requireNonNullElse(ended, List.of());
        kept = Objects.requireNonNullElse(kept, List.of());
        untouched = Objects.requireNonNullElse(untouched, Map.of());
    }

    public record RetainedData(String table, String column, String legalBasis, String rule, long rows) {
    }

    /** A retained column whose rule has ended, and what it became ({@code null}, {@code hash}, {@code mask}, {@code delete-row}). */
    public record EndedRetention(String table, String column, String rule, String action) {
    }

    /** A table kept for purposes of the order's {@code keptPurposes}, each with its rule, and the subject's rows in it. */
    public record KeptTable(String table, List<KeptPurpose> keptFor, long rows) {
    }

    public record KeptPurpose(String purpose, String rule) {
    }
}
