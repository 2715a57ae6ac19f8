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
 * @param scope           the purposes whose data goes, when only some of the subject's purposes ended (a retention
 *                        expiry of one purpose, a legal hold); absent (null) = everything of the subject, as every
 *                        order before scopes existed
 */
public record ErasureOrdered(
        @NotNull UUID orderId,
        UUID requestId,
        @NotBlank String subjectId,
        @NotNull ErasureReason reason,
        @NotEmpty List<@NotBlank String> expectedSystems,
        @NotNull List<@Valid Exemption> exemptions,
        @NotNull Instant orderedAt,
        @Valid ErasureScope scope) {

    /** An order of everything the systems hold of the subject (no scope). */
    public ErasureOrdered(UUID orderId, UUID requestId, String subjectId, ErasureReason reason,
                          List<String> expectedSystems, List<Exemption> exemptions, Instant orderedAt) {
        this(orderId, requestId, subjectId, reason, expectedSystems, exemptions, orderedAt, null);
    }

    /** True when the order erases everything of the subject in each expected system. */
    public boolean whole() {
        return scope == null;
    }
}
