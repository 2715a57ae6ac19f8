package io.privacyplatform.contracts.erasure;

import jakarta.validation.constraints.NotBlank;

/**
 * Data that is deliberately kept despite the erasure, with its legal basis (GDPR Art. 17(3)),
 * e.g. invoices kept 10 years under the French commercial code, article L123-22.
 *
 * @param system       where the data stays (a system name of {@code Systems})
 * @param dataCategory what is kept, as a code (e.g. {@code billing-records})
 * @param legalBasis   why, citing the text
 * @param rule         the retention rule (code of retention-policy.yaml) whose end ends the keeping, e.g.
 *                     {@code accounting-ten-years}; absent when no rule ends it (a legal hold ends when lifted)
 */
public record Exemption(@NotBlank String system, @NotBlank String dataCategory, @NotBlank String legalBasis,
                        String rule) {

    /** An exemption no retention rule bounds. */
    public Exemption(String system, String dataCategory, String legalBasis) {
        this(system, dataCategory, legalBasis, null);
    }
}
