package io.privacyplatform.retention.datastore;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.temporal.TemporalAccessor;

/** Column values of an export as JSON-friendly values: strings, numbers, booleans, ISO-8601 dates. */
final class ExportValues {

    private ExportValues() {
    }

    static Object of(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant().toString();
        }
        if (value instanceof Date date) {
            return date.toLocalDate().toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return temporal.toString();
        }
        // PGobject (inet, jsonb, ...) and the rest: their text form.
        return value.toString();
    }
}
