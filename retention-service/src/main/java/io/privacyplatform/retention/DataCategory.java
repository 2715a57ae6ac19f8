package io.privacyplatform.retention;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Categories of personal data the policy names: section 3 (name, email, phone) and section 8 (IP address). */
public enum DataCategory {

    /** First and last name. */
    IDENTITY("identity"),
    /** Email address, phone number. */
    CONTACT("contact"),
    /** IP address and connection logs (policy section 8). */
    CONNECTION("connection");

    private final String code;

    DataCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<DataCategory> fromCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(DataCategory::code).collect(Collectors.joining(", "));
    }

    /** Sorted, comma separated: one spelling per set (e.g. {@code identity,contact}). */
    public static String join(Collection<DataCategory> categories) {
        if (categories.isEmpty()) {
            return "";
        }
        return EnumSet.copyOf(categories).stream().map(DataCategory::code).collect(Collectors.joining(","));
    }

    /** Stores a set as its sorted, comma-separated codes. */
    public static class SetConverter implements AttributeConverter<Set<DataCategory>, String> {

        @Override
        public String convertToDatabaseColumn(Set<DataCategory> categories) {
            return categories == null ? null : join(categories);
        }

        @Override
        public Set<DataCategory> convertToEntityAttribute(String codes) {
            if (codes == null || codes.isBlank()) {
                return EnumSet.noneOf(DataCategory.class);
            }
            return Arrays.stream(codes.split(","))
                    .map(code -> fromCode(code).orElseThrow(() ->
                            new IllegalStateException("unknown data category code in the database")))
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(DataCategory.class)));
        }
    }
}
