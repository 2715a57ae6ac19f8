package io.privacyplatform.partnersync.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The new values of one rectification, by field code ({@code first-name}, {@code last-name}, {@code email},
 * {@code phone}), as request-service serves them. Personal data: held in memory for one task run, never stored,
 * logged or published; {@link #toString()} names the fields only.
 */
public record RectificationValues(UUID requestId, UUID orderId, String subjectId, Map<String, String> values) {

    public static final String FIRST_NAME = "first-name";
    public static final String LAST_NAME = "last-name";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";

    public RectificationValues {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String field) {
        return values.containsKey(field);
    }

    public String get(String field) {
        return values.get(field);
    }

    @Override
    public String toString() {
        return "RectificationValues[requestId=" + requestId + ", orderId=" + orderId + ", fields=" + values.keySet() + "]";
    }
}
