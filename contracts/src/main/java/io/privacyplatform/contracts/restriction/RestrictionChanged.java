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
 * @param expectedSystems the systems that must apply it and confirm it with {@code order-confirmed}
 * @param orderId         names this change in the systems' {@code order-confirmed} answers; absent in events of
 *                        builds before confirmations existed (no confirmation is expected for those)
 */
public record RestrictionChanged(
        @NotNull UUID requestId,
        @NotBlank String subjectId,
        @NotNull Boolean restricted,
        @NotNull RestrictionReason reason,
        @NotEmpty List<@NotBlank String> expectedSystems,
        @NotNull Instant changedAt,
        UUID orderId) {

    /** A change without an order id, as builds before {@code order-confirmed} published it. */
    public RestrictionChanged(UUID requestId, String subjectId, Boolean restricted, RestrictionReason reason,
                              List<String> expectedSystems, Instant changedAt) {
        this(requestId, subjectId, restricted, reason, expectedSystems, changedAt, null);
    }
}
