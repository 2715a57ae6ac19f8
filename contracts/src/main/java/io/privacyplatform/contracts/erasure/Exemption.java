package io.privacyplatform.contracts.erasure;

import jakarta.validation.constraints.NotBlank;

/**
 * Data that is deliberately kept despite the erasure, with its legal basis (GDPR Art. 17(3)),
 * e.g. invoices kept 10 years under the French commercial code, article L123-22.
 *
 * @param system       where the data stays (a system name of {@code Systems})
 * @param dataCategory what is kept, as a code (e.g. {@code billing-records})
 * @param legalBasis   why, citing the text
 */
public record Exemption(@NotBlank String system, @NotBlank String dataCategory, @NotBlank String legalBasis) {
}
