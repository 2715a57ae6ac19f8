package io.privacyplatform.contracts.restriction;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.restriction.changed.v1}: processing of a subject's data is restricted
 * (only storage is allowed, GDPR Art. 18(2)) or the restriction is lifted. Every recipient must apply it
 * (Art. 19): partner-sync stops marketing at HubSpot, for example.
 *
 * @param requestId       the data-subject request that caused it
 * @param restricted      true when the restriction starts, false when it is lifted
 * @param expectedSystems the systems that must apply it (see {@code Systems})
 */
public record RestrictionChanged(
        @NotNull UUID requestId,
        @NotBlank String subjectId,
        @NotNull Boolean restricted,
        @NotNull RestrictionReason reason,
        @NotEmpty List<@NotBlank String> expectedSystems,
        @NotNull Instant changedAt) {
}
