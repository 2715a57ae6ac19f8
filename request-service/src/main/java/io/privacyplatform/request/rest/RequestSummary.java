package io.privacyplatform.request.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A line of a list: ids, codes and dates only (no body, nothing to decrypt). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestSummary(UUID id, String subjectId, RequestType type, RequestChannel channel, RequestStatus status,
                             Instant filedAt, LocalDate dueOn, boolean extended, UUID duplicateOf, String attention,
                             Instant closedAt, String firstApprovedBy) {

    /**
     * {@code attention} (which systems are silent) and {@code firstApprovedBy} (four eyes: a FILED request one officer
     * approved, awaiting a second) are for the officer's lists.
     */
    static RequestSummary of(DataSubjectRequest r, boolean officer) {
        return new RequestSummary(r.id, r.subjectId, r.type, r.channel, r.status(), r.filedAt, r.dueOn,
                r.extendedMonths != null, r.duplicateOf, officer && r.status().isOpen() ? r.attentionReason : null, r.closedAt(),
                officer && r.status() == RequestStatus.FILED ? r.firstApprovedBy() : null);
    }
}
