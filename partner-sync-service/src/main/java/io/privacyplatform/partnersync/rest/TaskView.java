package io.privacyplatform.partnersync.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.FieldResult;
import io.privacyplatform.partnersync.service.RectificationOutcomes;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A partner task as operators see it: ids, codes and times only. */
@Schema(description = "A partner task (erase one object, or unsubscribe one contact). Ids and codes only.")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskView(
        UUID id,
        TaskKind kind,
        String partner,
        @Schema(description = "Pseudonymous subject id") String subjectId,
        @Schema(description = "What caused the task") Trigger trigger,
        String objectType,
        String objectId,
        TaskState state,
        @Schema(description = "Counted attempts in the current retry budget") int attempts,
        @Schema(description = "Manual retries so far") int manualRetries,
        Instant createdAt,
        @Schema(description = "When a PENDING task is due") Instant nextAttemptAt,
        Instant lastAttemptAt,
        @Schema(description = "Until when an IN_FLIGHT task belongs to the instance running it") Instant leaseUntil,
        Instant completedAt,
        Instant retriedAt,
        @Schema(description = "The partner's last error: status and error code, never its message") PartnerError lastError,
        @Schema(description = "Why the task is (or was) DEAD, e.g. partner-rejected, unauthorized, retries-exhausted")
        String deadReason,
        @Schema(description = "What was done and how it was checked") Evidence evidence,
        @Schema(description = "Manual resolution of a DEAD task") Resolution resolution) {

    public record Trigger(String type, String id) {
    }

    /** {@code status} 0 means no HTTP answer; {@code summary} is the safe step/status/code line. */
    public record PartnerError(Integer status, String code, String summary) {
    }

    /** {@code fields}: RECTIFY only, per field code the partner property and the result (never a value). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Evidence(String result, String action, String verification, List<FieldResult> fields) {
    }

    /** {@code category} and {@code evidenceReference}: an erasure's task resolved by a privacy officer (issue 15). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resolution(String note, String resolvedBy, Instant resolvedAt, String category, String evidenceReference) {
    }

    static TaskView of(PartnerTask task) {
        return new TaskView(task.id, task.kind, task.partner, task.subjectId,
                task.triggerType == null ? null : new Trigger(task.triggerType, task.triggerId),
                task.objectType, task.objectId, task.state, task.attempts, task.manualRetries, task.createdAt,
                task.state == TaskState.PENDING ? task.nextAttemptAt : null, task.lastAttemptAt,
                task.state == TaskState.IN_FLIGHT ? task.leaseUntil : null, task.completedAt, task.retriedAt,
                task.lastError == null ? null : new PartnerError(task.lastErrorStatus, task.lastErrorCode, task.lastError),
                task.deadReason,
                task.result == null && task.action == null ? null : new Evidence(task.result, task.action, task.verification,
                        RectificationOutcomes.readFields(task.fieldResults)),
                task.resolvedAt == null ? null : new Resolution(task.resolutionNote, task.resolvedBy, task.resolvedAt,
                        task.resolutionCategory, task.resolutionEvidenceRef));
    }
}
