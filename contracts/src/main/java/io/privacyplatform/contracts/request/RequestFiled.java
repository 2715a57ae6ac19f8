package io.privacyplatform.contracts.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.request.filed.v1}. No personal data: the subject is a pseudonymous id.
 *
 * @param dueOn            the GDPR Art. 12(3) answer deadline (receipt + one calendar month)
 * @param objectionScope   for OBJECTION only: PROSPECTION (every marketing purpose, Art. 21(3)) or PROCESSING;
 *                         null for other types and in events published before the field existed
 * @param objectedPurposes for an objection to PROCESSING: the purpose codes objected to; otherwise null or empty
 */
public record RequestFiled(
        @NotNull UUID requestId,
        @NotBlank String subjectId,
        @NotNull RequestType requestType,
        @NotNull RequestChannel channel,
        @NotNull Instant filedAt,
        @NotNull LocalDate dueOn,
        ObjectionScope objectionScope,
        List<String> objectedPurposes) {

    /** A filing that is not an objection. */
    public RequestFiled(UUID requestId, String subjectId, RequestType requestType, RequestChannel channel, Instant filedAt,
                        LocalDate dueOn) {
        this(requestId, subjectId, requestType, channel, filedAt, dueOn, null, null);
    }
}
