package io.privacyplatform.contracts.order;

import io.privacyplatform.contracts.erasure.Evidence;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.order.confirmed.v1}: one system's account of a rectification or restriction
 * order (GDPR Art. 16, 18 and 19), as {@code erasure-confirmed} is for erasures. The request that placed the order
 * completes only when every expected system confirmed it. Evidence names objects and actions, never values.
 *
 * @param orderId  the {@code orderId} of the {@code rectification-ordered} or {@code restriction-changed} event
 * @param system   a system name of the registry (policy module, {@code systems.yaml})
 * @param notices  statements the receipt must show the subject
 */
public record OrderConfirmed(
        @NotNull UUID orderId,
        UUID requestId,
        @NotBlank String subjectId,
        @NotBlank String system,
        @NotNull OrderKind kind,
        @NotNull OrderOutcome outcome,
        @NotNull List<@Valid Evidence> evidence,
        @NotNull List<String> notices,
        @NotNull Instant confirmedAt) {
}
