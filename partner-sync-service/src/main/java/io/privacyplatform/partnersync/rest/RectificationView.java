package io.privacyplatform.partnersync.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.FieldResult;
import io.privacyplatform.partnersync.service.RectificationOutcomes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A rectification order at each partner: outcome, and per object what happened to each field. Codes only, no value. */
@Schema(description = "Outcome of a rectification order per partner. Field codes and results only: the values stay at "
        + "request-service.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RectificationView(
        UUID orderId,
        UUID requestId,
        @Schema(description = "Pseudonymous subject id") String subjectId,
        @Schema(description = "Field codes of the order") List<String> fields,
        @Schema(description = "True once no task of the order is pending or in flight") boolean finished,
        List<Partner> partners) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Partner(String partner,
                          @Schema(description = "IN_PROGRESS, RECTIFIED, PARTIALLY_RECTIFIED, NOTHING_HELD, NOT_APPLICABLE, FAILED")
                          RectificationOutcomes.Outcome outcome,
                          List<PartnerObject> objects) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PartnerObject(UUID taskId, String objectType, String objectId, TaskState state,
                                @Schema(description = "rectified, partially-rectified, not-applicable, object-absent, failed")
                                String result,
                                @Schema(description = "Per field: the partner's property and applied, not-applicable or "
                                        + "not-applied-partial-name") List<FieldResult> fields,
                                String action, String verification, String deadReason, Instant completedAt) {

        static PartnerObject of(PartnerTask task) {
            return new PartnerObject(task.id, task.objectType, task.objectId, task.state, task.result,
                    RectificationOutcomes.readFields(task.fieldResults), task.action, task.verification, task.deadReason,
                    task.completedAt);
        }
    }

    static RectificationView of(RectificationOutcomes.OrderOutcome order) {
        List<Partner> partners = order.partners().stream()
                .map(p -> new Partner(p.rectification().partner, p.outcome(),
                        p.tasks().stream().map(PartnerObject::of).toList()))
                .toList();
        boolean finished = order.partners().stream().noneMatch(p -> p.outcome() == RectificationOutcomes.Outcome.IN_PROGRESS);
        return new RectificationView(order.orderId(), order.requestId(), order.subjectId(), order.fields(), finished, partners);
    }
}
