package io.privacyplatform.consent;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a grant or withdrawal reached us (the channel, part of the proof of consent, GDPR Art. 7(1)): the ways
 * of policy §11 and §6, plus objections filed with request-service. The code is {@code source} in the API and
 * in {@code consent-changed}.
 */
public enum ConsentSource {

    /** The subject's own settings page on the platform. */
    PLATFORM_SETTINGS("platform-settings"),
    /** The one-click unsubscribe link of a commercial email (RFC 8058). */
    ONE_CLICK_UNSUBSCRIBE("one-click-unsubscribe"),
    /** An email from the subject to the data-protection contact, recorded by the privacy officer. */
    EMAIL_REQUEST("email-request"),
    /** A partner passing on its client's explicit request (policy §6), registered by the platform with evidence. */
    PARTNER("partner"),
    /** An objection (GDPR Art. 21) filed with request-service ({@code request-filed}). */
    OBJECTION_REQUEST("objection-request"),
    /** The inactivity period of policy §4 ended ({@code consent-lapsed} from retention-service); never from the API. */
    INACTIVITY_LAPSE("inactivity-lapse");

    private final String code;

    ConsentSource(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<ConsentSource> fromCode(String code) {
        return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(ConsentSource::code).collect(Collectors.joining(", "));
    }

    public static class Converter implements AttributeConverter<ConsentSource, String> {

        @Override
        public String convertToDatabaseColumn(ConsentSource source) {
            return source == null ? null : source.code;
        }

        @Override
        public ConsentSource convertToEntityAttribute(String code) {
            return code == null ? null : fromCode(code).orElseThrow(() ->
                    new IllegalStateException("unknown consent source code in the database"));
        }
    }
}
