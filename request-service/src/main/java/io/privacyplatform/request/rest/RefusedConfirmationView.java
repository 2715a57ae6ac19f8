package io.privacyplatform.request.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.request.RefusalReason;
import io.privacyplatform.request.RefusedConfirmation;

import java.time.Instant;
import java.util.UUID;

/** A confirmation the gate refused, as the privacy officer sees it: what was claimed, by whom, where, why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RefusedConfirmationView(UUID id, String system, String channel, String principal, UUID orderId,
                                      String subjectId, UUID requestId, RefusalReason reason, Instant refusedAt) {

    static RefusedConfirmationView of(RefusedConfirmation r) {
        return new RefusedConfirmationView(r.id, r.system, r.channel, r.principal, r.orderId, r.subjectId, r.requestId,
                r.reason, r.refusedAt);
    }
}
