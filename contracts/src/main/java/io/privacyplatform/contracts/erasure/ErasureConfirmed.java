package io.privacyplatform.contracts.erasure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.erasure.confirmed.v1}: one system's account of an erasure order.
 *
 * @param system   a name of {@code Systems}
 * @param retained what the system keeps on purpose, with its legal basis
 * @param notices  statements the receipt must show the subject (e.g. a partner's own log retention)
 */
public record ErasureConfirmed(
        @NotNull UUID orderId,
        UUID requestId,
        @NotBlank String subjectId,
        @NotBlank String system,
        @NotNull ErasureOutcome outcome,
        @NotNull List<@Valid Evidence> evidence,
        @NotNull List<@Valid Exemption> retained,
        @NotNull List<String> notices,
        @NotNull Instant confirmedAt) {
}
