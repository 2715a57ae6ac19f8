package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerRectification;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;

import java.util.UUID;

/**
 * What a worker needs to run a task it claimed, read in the claim transaction: the partner call happens afterwards,
 * outside any transaction. {@code leaseToken} proves the claim when the result is recorded.
 *
 * @param rectification RECTIFY only: where the values are fetched and what they must belong to
 */
public record ClaimedTask(UUID id, UUID leaseToken, TaskKind kind, String partner, String objectType, String objectId,
                          int attempts, int claims, int manualRetries, String subjectId, Rectification rectification) {

    /** The rectification order of a RECTIFY task: ids only. */
    public record Rectification(UUID orderId, UUID requestId) {
    }

    static ClaimedTask of(PartnerTask task) {
        Rectification rectification = null;
        if (task.kind == TaskKind.RECTIFY && task.partnerRectificationId != null) {
            PartnerRectification order = PartnerRectification.findById(task.partnerRectificationId);
            rectification = order == null ? null : new Rectification(order.orderId, order.requestId);
        }
        return new ClaimedTask(task.id, task.leaseToken, task.kind, task.partner, task.objectType, task.objectId,
                task.attempts, task.claims, task.manualRetries, task.subjectId, rectification);
    }

    /**
     * Stable per task and manual retry: a run repeated after a crash or a lost answer (lease expired, retry after a
     * failure) sends the same key, so Stripe replays its first answer instead of applying twice. An operator's retry of
     * a DEAD task is a deliberate new update and gets a new key, so an error Stripe saved under the old one (400
     * {@code idempotency_error}, or a 5xx if Stripe saves those) cannot block the task for good.
     */
    public String idempotencyKey() {
        return "partner-sync-rectify-" + id + (manualRetries == 0 ? "" : "-r" + manualRetries);
    }
}
