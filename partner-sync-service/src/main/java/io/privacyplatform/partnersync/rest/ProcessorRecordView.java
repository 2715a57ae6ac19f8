package io.privacyplatform.partnersync.rest;

import io.privacyplatform.partnersync.ProcessorRecord;

import java.time.Instant;
import java.util.UUID;

/**
 * A processor record as the API shows it; {@code retainedUnder}: the retention rule under which the partner keeps the
 * object after an erasure (e.g. a Stripe invoice, {@code accounting-ten-years}), null otherwise.
 */
public record ProcessorRecordView(UUID id, String subjectId, String partner, String objectType, String objectId,
                                  String purpose, Instant createdAt, Instant registeredAt, Instant erasedAt,
                                  UUID erasedByOrder, String source, String retainedUnder) {

    static ProcessorRecordView of(ProcessorRecord record) {
        return new ProcessorRecordView(record.id, record.subjectId, record.partner, record.objectType, record.objectId,
                record.purpose, record.createdAt, record.registeredAt, record.erasedAt, record.erasedByOrder, record.source,
                record.retainedUnder);
    }
}
