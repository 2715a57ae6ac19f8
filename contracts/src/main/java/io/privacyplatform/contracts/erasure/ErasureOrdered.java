package io.privacyplatform.contracts.erasure;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.erasure.ordered.v1}.
 *
 * @param orderId         identifies this order; every confirmation refers to it
 * @param requestId       the data-subject request it executes, or null for a retention expiry
 * @param expectedSystems the systems that must each confirm (see {@code Systems})
 * @param exemptions      data to keep despite the erasure, with the legal basis
 */
public record ErasureOrdered(
        @NotNull UUID orderId,
        UUID requestId,
        @NotBlank String subjectId,
        @NotNull ErasureReason reason,
        @NotEmpty List<@NotBlank String> expectedSystems,
        @NotNull List<@Valid Exemption> exemptions,
        @NotNull Instant orderedAt) {
}
