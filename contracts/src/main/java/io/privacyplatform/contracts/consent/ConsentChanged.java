package io.privacyplatform.contracts.consent;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.consent.changed.v1}: a subject granted or withdrew consent to one
 * purpose (policy §11). Proof of the consent (who, how, which policy version) stays in consent-service;
 * this event names codes only. {@code granted} is a required Boolean: a missing value must never read as a withdrawal.
 *
 * @param consentRecordId the ledger entry in consent-service that proves the change ({@code entryId} in its API)
 * @param purpose         a purpose code: {@code marketing-email}, {@code partner-referral} (direct marketing) or
 *                        {@code commercial-statistics} (legitimate interest); consumers ignore codes they do not know
 * @param granted         false for a withdrawal and for an objection (GDPR Art. 21)
 * @param source          how it was expressed: {@code platform-settings}, {@code one-click-unsubscribe},
 *                        {@code email-request}, {@code partner}, {@code objection-request}
 * @param policyVersion   the policy version the subject was shown, e.g. {@code 1.0}
 * @param reason          why a withdrawal happened when the subject did not ask it: {@code LAPSED} (the inactivity
 *                        period of policy §4, 4th criterion, ended; see {@code consent-lapsed}); absent for the
 *                        subject's own choice and in events of earlier builds
 */
public record ConsentChanged(
        @NotNull UUID consentRecordId,
        @NotBlank String subjectId,
        @NotBlank String purpose,
        @NotNull Boolean granted,
        @NotBlank String source,
        @NotBlank String policyVersion,
        @NotNull Instant recordedAt,
        String reason) {

    /** Reason of a withdrawal after the inactivity period of policy §4, 4th criterion. */
    public static final String LAPSED = "LAPSED";

    /** A change the subject made (no reason). */
    public ConsentChanged(UUID consentRecordId, String subjectId, String purpose, Boolean granted, String source,
                          String policyVersion, Instant recordedAt) {
        this(consentRecordId, subjectId, purpose, granted, source, policyVersion, recordedAt, null);
    }
}
