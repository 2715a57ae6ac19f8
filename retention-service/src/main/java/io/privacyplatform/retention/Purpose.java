package io.privacyplatform.retention;

import jakarta.persistence.AttributeConverter;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The eight purposes of policy section 5, each with its legal basis, as stable codes. */
public enum Purpose {

    ACCOUNT_REGISTRATION("account-registration", LegalBasis.CONTRACT, "Inscription aux Services"),
    SUBSCRIPTION_ORDERS("subscription-orders", LegalBasis.CONTRACT,
            "Prise en compte et gestion des commandes d'abonnement de Services"),
    SERVICE_PROVISION("service-provision", LegalBasis.CONTRACT,
            "Fourniture des Services sur la Plate-forme et/ou via les APIs"),
    BILLING("billing", LegalBasis.CONTRACT, "Facturation des Services"),
    COLLECTIONS_AND_DISPUTES("collections-and-disputes", LegalBasis.CONTRACT, "Gestion des impayés et du contentieux"),
    CUSTOMER_INQUIRIES("customer-inquiries", LegalBasis.CONTRACT,
            "Réponse aux éventuelles questions, demandes et réclamations"),
    COMMERCIAL_STATISTICS("commercial-statistics", LegalBasis.LEGITIMATE_INTEREST,
            "Élaboration de statistiques commerciales"),
    DATA_SUBJECT_RIGHTS("data-subject-rights", LegalBasis.CONTRACT,
            "Gestion des demandes de droits d'accès, d'effacement, de rectification et d'opposition");

    /** GDPR Art. 6(1): the two bases the policy's table names. */
    public enum LegalBasis {
        /** Art. 6(1)(b): necessary for the performance of the contract. */
        CONTRACT,
        /** Art. 6(1)(f): legitimate interests pursued by the company. */
        LEGITIMATE_INTEREST
    }

    private final String code;
    private final LegalBasis legalBasis;
    private final String policyTitle;

    Purpose(String code, LegalBasis legalBasis, String policyTitle) {
        this.code = code;
        this.legalBasis = legalBasis;
        this.policyTitle = policyTitle;
    }

    public String code() {
        return code;
    }

    public LegalBasis legalBasis() {
        return legalBasis;
    }

    /** The row of the policy's table (French, as published). */
    public String policyTitle() {
        return policyTitle;
    }

    public static Optional<Purpose> fromCode(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    public static String codes() {
        return Arrays.stream(values()).map(Purpose::code).collect(Collectors.joining(", "));
    }

    /** Stores the code, so the column reads the same as the API. */
    public static class Converter implements AttributeConverter<Purpose, String> {

        @Override
        public String convertToDatabaseColumn(Purpose purpose) {
            return purpose == null ? null : purpose.code;
        }

        @Override
        public Purpose convertToEntityAttribute(String code) {
            return code == null ? null : fromCode(code).orElseThrow(() ->
                    new IllegalStateException("unknown purpose code in the database"));
        }
    }
}
