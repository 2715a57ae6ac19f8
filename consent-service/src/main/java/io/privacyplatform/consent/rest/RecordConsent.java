package io.privacyplatform.consent.rest;

import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /consents}.
 *
 * @param subjectId     required from the platform and the privacy officer; a data subject may omit it
 * @param purpose       a purpose code of {@code GET /purposes}
 * @param granted       true for a grant, false for a withdrawal (an objection for a legitimate-interest purpose)
 * @param source        {@code platform-settings} (default), {@code partner} (platform only), {@code email-request}
 *                      (privacy officer only, and the default for them)
 * @param policyVersion the policy version whose notice the subject was shown; the current one when omitted
 * @param noticeHash    the SHA-256 (hex) of the notice text shown; checked against the catalogue when given
 * @param partner       for {@code partner}: the partner that passed on its client's request
 * @param evidence      a reference to the evidence (the client's request kept by the partner, the DPO's mail
 *                      ticket); a reference only, never the content
 * @param email         platform only: an address of the subject, checked against the suppression list and kept
 *                      as a keyed hash only
 */
@Schema(description = "A grant or withdrawal of one purpose, with its proof.")
public record RecordConsent(
        @Pattern(regexp = SubjectId.PATTERN, message = SubjectId.MESSAGE) String subjectId,
        @NotBlank @Size(max = 60) String purpose,
        @NotNull Boolean granted,
        @Size(max = 60) String source,
        @Pattern(regexp = "\\d{1,3}(\\.\\d{1,3}){0,2}", message = "must be a version such as 1.0") String policyVersion,
        @Pattern(regexp = "[0-9a-f]{64}", message = "must be a SHA-256 in lower-case hex") String noticeHash,
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,59}", message = "must be a partner code (lower case letters, digits, '-')") String partner,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:/#-]{0,299}", message = "must be a reference (letters, digits, '.', '_', ':', '/', '#', '-'; at most 300), never free text or an address")
        String evidence,
        @Schema(description = "Never stored: hashed with a key at once") String email) {
}
