package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.ManualResolution;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.FieldResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Evidence and notices of a confirmation ({@code erasure-confirmed} or {@code order-confirmed}) from a partner's
 * finished tasks: objects, calls, results and reason codes, never a value.
 */
final class ConfirmationEvidence {

    /**
     * Most objects a confirmation lists one by one. A confirmation is one Kafka record, and a record holds 1 MB at most
     * (the producer's and the broker's default): listed one by one, about 4,700 objects of one subject at one partner
     * would make it unsendable, and the outbox relay, which sends the service's events in order, would stop at it.
     */
    static final int LISTED_AT_MOST = 100;

    /** Of those, the most objects a person must follow up (failed, or handled by hand) listed before the rest is counted. */
    static final int FOLLOW_UPS_LISTED_AT_MOST = LISTED_AT_MOST / 2;

    private ConfirmationEvidence() {
    }

    /**
     * The evidence of a confirmation: each task's ({@link #of}) up to {@link #LISTED_AT_MOST} tasks. Beyond, the
     * objects a person must follow up come first, one by one (up to {@link #FOLLOW_UPS_LISTED_AT_MOST}), and the others
     * are counted by what was done to them: one entry per object type, call, result and read-back, its {@code objectId}
     * the count ("4,800 objects"), as bulk evidence is written. Each object's own evidence stays on its task.
     */
    static List<Evidence> listed(List<PartnerTask> tasks, String notDone) {
        if (tasks.size() <= LISTED_AT_MOST) {
            return tasks.stream().map(t -> of(t, notDone)).toList();
        }
        List<Evidence> listed = new ArrayList<>();
        List<Evidence> rest = new ArrayList<>();
        for (PartnerTask task : tasks) {
            Evidence evidence = of(task, notDone);
            if (task.state != TaskState.DONE && listed.size() < FOLLOW_UPS_LISTED_AT_MOST) {
                listed.add(evidence);
            } else {
                // A follow-up's read-back carries its own error: counted, it says where each one is listed.
                rest.add(task.state == TaskState.DONE ? evidence : new Evidence(evidence.objectType(), evidence.objectId(),
                        evidence.action(), evidence.result(), "each object's attempts and last error: partner-sync's tasks ("
                        + task.partner + ", state " + task.state + ")"));
            }
        }
        List<Evidence> counted = counted(rest, e -> List.of(e.objectType(), e.action(), e.result(), String.valueOf(e.verification())));
        if (listed.size() + counted.size() > LISTED_AT_MOST) {
            // Calls that differ object by object (a conversation's item count): counted by object type and result only.
            counted = counted(rest, e -> List.of(e.objectType(), e.result()));
        }
        listed.addAll(counted);
        return listed;
    }

    /** One entry per group, its objectId the group's count, its call and read-back the group's own when all agree. */
    private static List<Evidence> counted(List<Evidence> evidence, Function<Evidence, List<String>> key) {
        Map<List<String>, List<Evidence>> groups = evidence.stream()
                .collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
        return groups.values().stream().map(group -> new Evidence(group.get(0).objectType(),
                String.format(Locale.ROOT, "%,d object%s", group.size(), group.size() == 1 ? "" : "s"),
                same(group, Evidence::action, "various calls (each object's on its task)"), group.get(0).result(),
                same(group, Evidence::verification, null))).toList();
    }

    private static String same(List<Evidence> group, Function<Evidence, String> field, String otherwise) {
        String first = field.apply(group.get(0));
        return group.stream().allMatch(e -> Objects.equals(field.apply(e), first)) ? first : otherwise;
    }

    /**
     * One task's evidence.
     *
     * @param notDone how a DEAD task's object is described, e.g. {@code not erased}
     */
    static Evidence of(PartnerTask task, String notDone) {
        String action = task.action != null ? task.action : plannedAction(task);
        String history = task.attempts + " attempt" + (task.attempts == 1 ? "" : "s");
        if (task.state == TaskState.DEAD) {
            return new Evidence(task.objectType, task.objectId, action, "failed",
                    notDone + ": gave up after " + history + "; reason: " + task.deadReason + "; last error: " + task.lastError);
        }
        if (task.state == TaskState.RESOLVED_MANUALLY) {
            return new Evidence(task.objectType, task.objectId, action, "resolved-manually",
                    "resolved manually by " + task.resolvedBy + " at " + task.resolvedAt + " after " + history
                            + (task.deadReason == null ? "" : " (" + task.deadReason + ")")
                            + (task.resolutionCategory == null ? "" : "; category: " + task.resolutionCategory)
                            + (task.resolutionEvidenceRef == null ? "" : "; evidence: " + task.resolutionEvidenceRef)
                            + "; note: " + task.resolutionNote);
        }
        List<FieldResult> fields = RectificationOutcomes.readFields(task.fieldResults);
        String verification = fields.isEmpty() ? task.verification : (task.verification == null ? "" : task.verification + "; ")
                + "fields: " + fields.stream().map(f -> f.field() + " " + f.result()).collect(Collectors.joining(", "));
        return new Evidence(task.objectType, task.objectId, action, task.result, verification);
    }

    /** What a task without a recorded call would have done (it failed before calling, or had nothing to send). */
    private static String plannedAction(PartnerTask task) {
        if (task.state == TaskState.DONE && (task.kind == TaskKind.RECTIFY || task.kind == TaskKind.UNSUBSCRIBE)) {
            return "none: nothing sent";
        }
        if (task.kind == TaskKind.LOOKUP) {
            return "lookup by email at " + task.partner;
        }
        if (task.kind == TaskKind.RECTIFY) {
            return "update of the " + task.objectType + " at " + task.partner;
        }
        if (task.kind == TaskKind.UNSUBSCRIBE) {
            return "unsubscribe from all email at " + task.partner;
        }
        return PartnerObjectType.of(task.partner, task.objectType)
                .map(PartnerObjectType::plannedAction).orElse("none: unsupported object type");
    }

    /** What the receipt says about DEAD tasks, if any ({@code verb}: e.g. {@code erased}). */
    static Optional<String> deadNotice(List<PartnerTask> tasks, String partner, String verb) {
        List<PartnerTask> dead = tasks.stream().filter(t -> t.state == TaskState.DEAD).toList();
        if (dead.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> reasons = new TreeSet<>();
        dead.forEach(t -> reasons.add(t.deadReason == null ? "unknown" : t.deadReason));
        return Optional.of(dead.size() + " of " + tasks.size() + " objects at " + partner + " could not be " + verb
                + " (reason codes: " + String.join(", ", reasons) + "; details in the evidence); the privacy officer "
                + "must follow up with the partner.");
    }

    /** What the receipt says about tasks closed by hand, if any: an erasure's by a privacy officer, with a category. */
    static Optional<String> resolvedNotice(List<PartnerTask> tasks, String partner) {
        List<PartnerTask> resolved = tasks.stream().filter(t -> t.state == TaskState.RESOLVED_MANUALLY).toList();
        if (resolved.isEmpty()) {
            return Optional.empty();
        }
        TreeSet<String> categories = new TreeSet<>();
        resolved.stream().filter(t -> t.resolutionCategory != null).forEach(t -> categories.add(t.resolutionCategory));
        return Optional.of(resolved.size() + " of " + tasks.size() + " objects at " + partner + " were handled manually"
                + (categories.isEmpty() ? " by an operator (note and operator in the evidence)."
                : " by a privacy officer, not through the partner's API (" + String.join(", ", categories)
                + "; category, evidence and officer in the confirmation)."));
    }

    /** The tasks of an erasure resolved by hand, as erasure-confirmed publishes them; null when none. */
    static List<ManualResolution> manualResolutions(List<PartnerTask> tasks) {
        List<ManualResolution> resolved = tasks.stream().filter(t -> t.state == TaskState.RESOLVED_MANUALLY)
                .map(t -> new ManualResolution(t.objectType, t.objectId,
                        t.resolutionCategory == null ? OPERATOR_NOTE : t.resolutionCategory, t.resolutionEvidenceRef,
                        t.resolvedBy, t.resolvedAt))
                .toList();
        return resolved.isEmpty() ? null : resolved;
    }

    /** The category of a task an operator resolved with a note only, before issue 15 made it an officer's act. */
    static final String OPERATOR_NOTE = "operator-note";
}
