package io.privacyplatform.consent.rest;

import io.privacyplatform.support.subject.SubjectId;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /consents}.
 *
 * @param subjectId     required from a platform backend; a data subject may omit it (the token's sub is used)
 * @param purpose       a purpose code, e.g. {@code marketing-email}
 * @param granted       true for a grant, false for a withdrawal
 * @param source        how it was expressed: {@code platform-settings} (default), {@code one-click-unsubscribe},
 *                      {@code email-request}
 * @param policyVersion the policy text the subject was shown; the current version when omitted
 */
public record RecordConsent(
        @Pattern(regexp = SubjectId.PATTERN, message = SubjectId.MESSAGE) String subjectId,
        @NotBlank String purpose,
        @NotNull Boolean granted,
        String source,
        @Pattern(regexp = "\\d{1,3}(\\.\\d{1,3}){0,2}", message = "must be a version such as 1.0") String policyVersion) {
}
