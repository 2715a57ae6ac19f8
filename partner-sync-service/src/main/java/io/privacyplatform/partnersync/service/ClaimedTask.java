package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerRectification;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.FieldResult;

import java.util.UUID;

/**
 * What a worker needs to run a task it claimed, read in the claim transaction: the partner call happens afterwards,
 * outside any transaction. {@code leaseToken} proves the claim when the result is recorded.
 *
 * @param rectification RECTIFY only: where the values are fetched and what they must belong to
 */
public record ClaimedTask(UUID id, UUID leaseToken, TaskKind kind, String partner, String objectType, String objectId,
                          int attempts, int claims, int manualRetries, String subjectId, Rectification rectification) {

    /**
     * The rectification order of a RECTIFY task: ids, and the field codes a newer order has already applied to the same
     * object (a task that ran late, after retries, must not put back an older value).
     */
    public record Rectification(UUID orderId, UUID requestId, java.util.Set<String> superseded) {
    }

    static ClaimedTask of(PartnerTask task) {
        Rectification rectification = null;
        if (task.kind == TaskKind.RECTIFY && task.partnerRectificationId != null) {
            PartnerRectification order = PartnerRectification.findById(task.partnerRectificationId);
            rectification = order == null ? null
                    : new Rectification(order.orderId, order.requestId, supersededFields(task, order));
        }
        return new ClaimedTask(task.id, task.leaseToken, task.kind, task.partner, task.objectType, task.objectId,
                task.attempts, task.claims, task.manualRetries, task.subjectId, rectification);
    }

    /**
     * Fields a newer order applied to the same object (its field results say {@code applied}), or, for a task an
     * operator resolved by hand, every field of that order.
     */
    @SuppressWarnings("unchecked")
    private static java.util.Set<String> supersededFields(PartnerTask task, PartnerRectification order) {
        java.util.List<Object[]> newer = PartnerTask.getEntityManager().createNativeQuery(
                        "select t.state, t.field_results, r.fields from partner_task t"
                                + " join partner_rectification r on r.id = t.partner_rectification_id"
                                + " where t.kind = 'RECTIFY' and t.partner = ?1 and t.object_type = ?2 and t.object_id = ?3"
                                + " and t.state in ('DONE', 'RESOLVED_MANUALLY') and r.created_at > ?4")
                .setParameter(1, task.partner)
                .setParameter(2, task.objectType)
                .setParameter(3, task.objectId)
                .setParameter(4, order.createdAt)
                .getResultList();
        java.util.Set<String> fields = new java.util.TreeSet<>();
        for (Object[] row : newer) {
            if ("RESOLVED_MANUALLY".equals(row[0])) {
                fields.addAll(java.util.Arrays.asList(((String) row[2]).split(",")));
            } else {
                RectificationOutcomes.readFields((String) row[1]).stream()
                        .filter(f -> FieldResult.APPLIED.equals(f.result()) || FieldResult.SUPERSEDED.equals(f.result()))
                        .forEach(f -> fields.add(f.field()));
            }
        }
        return fields;
    }

    /**
     * Stable per task and manual retry: a run repeated after a crash or a lost answer (lease expired, retry after a
     * failure) sends the same key, so Stripe replays its first answer instead of applying twice. An operator's retry of
     * a DEAD task is a deliberate new update and gets a new key, so an error Stripe saved under the old one (400
     * {@code idempotency_error}, or a 5xx if Stripe saves those) cannot block the task for good.
     */
    public String idempotencyKey() {
        return idempotencyKey("rectify");
    }

    /** The same rule for another kind of call ({@code action}: e.g. {@code redact}). */
    public String idempotencyKey(String action) {
        return "partner-sync-" + action + "-" + id + (manualRetries == 0 ? "" : "-r" + manualRetries);
    }
}
