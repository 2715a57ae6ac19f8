package io.privacyplatform.partnersync.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerRectification;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.FieldResult;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * The outcome of a rectification order per partner, computed from its tasks, in detail (per object and field) for
 * {@code GET /rectifications/{orderId}}. {@link OrderConfirmations} maps it onto the {@code order-confirmed} outcome.
 */
@ApplicationScoped
public class RectificationOutcomes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Outcome of one (order, partner). */
    public enum Outcome {
        /** Tasks still PENDING or IN_FLIGHT. */
        IN_PROGRESS,
        /** Every field the partner holds was applied and read back equal (or an operator resolved the task). */
        RECTIFIED,
        /** Some fields could not be applied (see each object's fields), none failed. */
        PARTIALLY_RECTIFIED,
        /** The subject has no object there (or none left: erased meanwhile). */
        NOTHING_HELD,
        /** The partner holds none of the order's fields (OpenAI: content objects, no contact record). */
        NOT_APPLICABLE,
        /** At least one task is DEAD: the operations API shows why. */
        FAILED
    }

    public record PartnerOutcome(PartnerRectification rectification, Outcome outcome, List<PartnerTask> tasks) {
    }

    public record OrderOutcome(UUID orderId, UUID requestId, String subjectId, List<String> fields,
                               List<PartnerOutcome> partners) {
    }

    @Transactional
    public OrderOutcome of(UUID orderId) {
        List<PartnerRectification> rows = PartnerRectification.ofOrder(orderId);
        if (rows.isEmpty()) {
            throw Problems.notFound("There is no rectification order " + orderId + ".");
        }
        List<PartnerOutcome> partners = rows.stream().map(row -> {
            List<PartnerTask> tasks = row.tasks();
            return new PartnerOutcome(row, outcome(row.partner, tasks), tasks);
        }).toList();
        PartnerRectification first = rows.get(0);
        return new OrderOutcome(orderId, first.requestId, first.subjectId, first.fieldList(), partners);
    }

    static Outcome outcome(String partner, List<PartnerTask> tasks) {
        if (tasks.isEmpty()) {
            return PartnerObjectType.supports(partner, Capability.RECTIFY) ? Outcome.NOTHING_HELD : Outcome.NOT_APPLICABLE;
        }
        if (tasks.stream().anyMatch(t -> !t.state.finished())) {
            return Outcome.IN_PROGRESS;
        }
        if (tasks.stream().anyMatch(t -> t.state == TaskState.DEAD)) {
            return Outcome.FAILED;
        }
        // Manually resolved, or superseded by a newer order that applied the same fields: the object holds current values.
        List<String> results = tasks.stream()
                .map(t -> t.state == TaskState.RESOLVED_MANUALLY || TaskEvidence.SUPERSEDED.equals(t.result)
                        ? TaskEvidence.RECTIFIED : t.result).toList();
        if (results.stream().allMatch(TaskEvidence.OBJECT_ABSENT::equals)) {
            return Outcome.NOTHING_HELD;
        }
        if (results.stream().allMatch(r -> TaskEvidence.NOT_APPLICABLE.equals(r) || TaskEvidence.OBJECT_ABSENT.equals(r))) {
            return Outcome.NOT_APPLICABLE;
        }
        if (results.contains(TaskEvidence.PARTIALLY_RECTIFIED) || results.contains(TaskEvidence.NOT_APPLICABLE)) {
            return Outcome.PARTIALLY_RECTIFIED;
        }
        return Outcome.RECTIFIED;
    }

    /** Field results as stored on a task (codes only). */
    public static String writeFields(List<FieldResult> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write field results", e);
        }
    }

    public static List<FieldResult> readFields(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<FieldResult>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable field results", e);
        }
    }
}
