package io.privacyplatform.contracts.erasure;

import jakarta.validation.constraints.NotBlank;

/**
 * What was done to one object, and how it was checked afterwards. Object ids are the partner's or the
 * system's own opaque ids (e.g. {@code cus_...}), never personal data.
 *
 * @param objectType   e.g. {@code customer}, {@code contact}, {@code response}, {@code consent-records}
 * @param objectId     the object's id, or a count for bulk deletions (e.g. {@code 3 rows})
 * @param action       what was called or done, e.g. {@code DELETE /v1/customers/{id}}
 * @param result       e.g. {@code deleted}, {@code already-absent}
 * @param verification how the result was read back, e.g. {@code GET returned deleted=true}
 */
public record Evidence(@NotBlank String objectType, String objectId, @NotBlank String action,
                       @NotBlank String result, String verification) {
}
