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
                          int attempts, int claims, String subjectId, Rectification rectification) {

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
                task.attempts, task.claims, task.subjectId, rectification);
    }

    /** Stable per task, so that Stripe replays the first answer when a run is repeated (crash, lost answer). */
    public String idempotencyKey() {
        return "partner-sync-rectify-" + id;
    }
}
