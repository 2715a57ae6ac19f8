package io.privacyplatform.contracts.erasure;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * What a scoped erasure order erases: the data a subject's system holds for some purposes only (policy §4: each
 * purpose has its own retention; a legal hold keeps its purposes). Purposes are the codes of the policy file's
 * {@code purposes:} (retention-policy.yaml). Each system applies it at its own granularity: a platform service or a
 * datastore deletes what it holds for {@code purposes} and keeps what it holds for {@code keptPurposes}; a system
 * that can only erase whole objects (a processor, a custom system) is named in the order's {@code expectedSystems}
 * only when none of its purposes is kept ({@code Register.planErasure} of the policy module decides, in one place).
 *
 * @param purposes     the purposes whose data goes (their retention ended, or the request asks it)
 * @param keptPurposes the subject's purposes that still hold data (still running, or under a legal hold): what
 *                     they need stays, and they are why
 */
public record ErasureScope(@NotNull List<@NotBlank String> purposes, @NotNull List<@NotBlank String> keptPurposes) {
}
