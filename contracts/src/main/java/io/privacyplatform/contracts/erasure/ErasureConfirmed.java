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
 * @param resolvedByHand the objects a person resolved by hand after the system failed (issue 15), each with its
 *                 category; absent (null) or empty when none. Added to v1 compatibly: an older consumer ignores it and
 *                 reads {@code outcome} as before (a resolved object counts as erased, one found holding nothing as
 *                 nothing held), a newer one shows "resolved by hand" with the category instead
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
        @NotNull Instant confirmedAt,
        List<@Valid ManualResolution> resolvedByHand) {

    /** A confirmation with nothing resolved by hand (every producer before issue 15, and most confirmations). */
    public ErasureConfirmed(UUID orderId, UUID requestId, String subjectId, String system, ErasureOutcome outcome,
                            List<Evidence> evidence, List<Exemption> retained, List<String> notices, Instant confirmedAt) {
        this(orderId, requestId, subjectId, system, outcome, evidence, retained, notices, confirmedAt, null);
    }

    /** Whether a person resolved some of its objects by hand: the receipt must not read "erased". */
    public boolean hasManualResolutions() {
        return resolvedByHand != null && !resolvedByHand.isEmpty();
    }
}
