package io.privacyplatform.retention.datastore;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one erasure did in one datastore, as committed with it (a re-run of the same order returns this same
 * evidence and changes nothing).
 *
 * @param rowsAffected per table, the rows deleted or updated (children before parents)
 * @param remaining    per erased table, the subject's rows still holding a value that is not erased, re-counted
 *                     in the same transaction: all 0, or the erasure is rolled back
 * @param retained     the columns kept, with their legal basis and rule, and how many of the subject's rows keep them
 */
public record ErasureEvidence(String datastore, String orderId, Instant erasedAt, Map<String, Integer> rowsAffected,
                              Map<String, Long> remaining, List<RetainedData> retained) {

    public record RetainedData(String table, String column, String legalBasis, String rule, long rows) {
    }
}
