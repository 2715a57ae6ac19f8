package io.privacyplatform.partnersync.client;

import java.util.Map;

/**
 * What a partner holds about one object, read for an access export: {@link #found} with the personal data fields, or
 * gone (404 / {@code deleted:true}). The values are personal data: held in memory for the request only, and
 * {@code toString} names the fields, never their values.
 */
public record PartnerRead(boolean found, Map<String, String> fields) {

    public PartnerRead {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
    }

    public static PartnerRead gone() {
        return new PartnerRead(false, Map.of());
    }

    @Override
    public String toString() {
        return "PartnerRead[found=" + found + ", fields=" + fields.keySet() + "]";
    }
}
