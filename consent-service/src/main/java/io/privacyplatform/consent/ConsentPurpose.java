package io.privacyplatform.consent;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a subject can consent to, as stable codes used on the wire and in the database. Processing that
 * rests on the contract or a legitimate interest (policy section 5) needs no consent and has no code here.
 */
public enum ConsentPurpose {

    /** Commercial prospection by email (policy section 11); withdrawal stops it. */
    MARKETING_EMAIL("marketing-email");

    private final String code;

    ConsentPurpose(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ConsentPurpose> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    /** The codes, comma separated, for messages that say what is allowed. */
    public static String codes() {
        return Arrays.stream(values()).map(ConsentPurpose::code).collect(Collectors.joining(", "));
    }

    /** Stores the code, so the column reads the same as the API. */
    public static class Converter implements AttributeConverter<ConsentPurpose, String> {

        @Override
        public String convertToDatabaseColumn(ConsentPurpose purpose) {
            return purpose == null ? null : purpose.code;
        }

        @Override
        public ConsentPurpose convertToEntityAttribute(String code) {
            return code == null ? null : fromCode(code).orElseThrow(() ->
                    new IllegalStateException("unknown consent purpose code in the database"));
        }
    }
}
