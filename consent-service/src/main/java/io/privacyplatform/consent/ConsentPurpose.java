package io.privacyplatform.consent;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a subject can consent to or object to, as stable codes used on the wire, in the database and in
 * {@code consent-changed}. From the policy: §11 (prospection by email), §6 (a partner passes a client's
 * contact details on at the client's explicit request) and the one purpose of the §5 table that rests on a
 * legitimate interest (commercial statistics, which a subject may object to, GDPR Art. 21(1)). The other §5
 * purposes rest on the contract: no consent, no objection, no code here.
 */
public enum ConsentPurpose {

    /** Commercial prospection by email (policy §11); withdrawal stops it. partner-sync unsubscribes at HubSpot. */
    MARKETING_EMAIL("marketing-email", LegalBasis.CONSENT, true, "§11"),
    /** A partner passes on its client's contact details so that CCSIT contacts them (policy §6). */
    PARTNER_REFERRAL("partner-referral", LegalBasis.CONSENT, true, "§6"),
    /** Commercial statistics (policy §5): legitimate interest, allowed unless the subject objects. */
    COMMERCIAL_STATISTICS("commercial-statistics", LegalBasis.LEGITIMATE_INTEREST, false, "§5");

    /** GDPR Art. 6(1) ground of the processing. */
    public enum LegalBasis {
        /** Art. 6(1)(a): allowed only while a grant is in force. */
        CONSENT,
        /** Art. 6(1)(f): allowed unless the subject objected (Art. 21(1)). */
        LEGITIMATE_INTEREST
    }

    private final String code;
    private final LegalBasis legalBasis;
    private final boolean marketing;
    private final String policySection;

    ConsentPurpose(String code, LegalBasis legalBasis, boolean marketing, String policySection) {
        this.code = code;
        this.legalBasis = legalBasis;
        this.marketing = marketing;
        this.policySection = policySection;
    }

    public String code() {
        return code;
    }

    public LegalBasis legalBasis() {
        return legalBasis;
    }

    /** Direct marketing: an objection to prospection withdraws it (GDPR Art. 21(3)). */
    public boolean marketing() {
        return marketing;
    }

    public String policySection() {
        return policySection;
    }

    /** Whether processing is allowed for a subject who never answered. */
    public boolean allowedByDefault() {
        return legalBasis == LegalBasis.LEGITIMATE_INTEREST;
    }

    public static Optional<ConsentPurpose> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    public static List<ConsentPurpose> marketingPurposes() {
        return Arrays.stream(values()).filter(ConsentPurpose::marketing).toList();
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
