package io.privacyplatform.contracts.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.request.filed.v1}. No personal data: the subject is a pseudonymous id.
 *
 * @param dueOn the GDPR Art. 12(3) answer deadline (receipt + one calendar month)
 */
public record RequestFiled(
        @NotNull UUID requestId,
        @NotBlank String subjectId,
        @NotNull RequestType requestType,
        @NotNull RequestChannel channel,
        @NotNull Instant filedAt,
        @NotNull LocalDate dueOn) {
}
