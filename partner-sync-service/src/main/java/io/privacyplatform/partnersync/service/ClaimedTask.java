package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;

import java.util.UUID;

/**
 * What a worker needs to run a task it claimed, read in the claim transaction: the partner call happens afterwards,
 * outside any transaction. {@code leaseToken} proves the claim when the result is recorded.
 */
public record ClaimedTask(UUID id, UUID leaseToken, TaskKind kind, String partner, String objectType, String objectId,
                          int attempts, int claims) {

    static ClaimedTask of(PartnerTask task) {
        return new ClaimedTask(task.id, task.leaseToken, task.kind, task.partner, task.objectType, task.objectId,
                task.attempts, task.claims);
    }
}
