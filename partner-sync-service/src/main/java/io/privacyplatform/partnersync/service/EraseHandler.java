package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.TaskEvidence;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * ERASE: deletes one object of an erasure order and reads it back; once done the processor record is marked erased,
 * and once every task of the (order, partner) is finished its {@code erasure-confirmed} is published.
 */
@ApplicationScoped
public class EraseHandler implements TaskHandler {

    private final ErasureConfirmations confirmations;

    EraseHandler(ErasureConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.ERASE;
    }

    @Override
    public Supplier<TaskEvidence> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        return () -> connector.erase(type, task.objectId());
    }

    @Override
    public TaskEvidence succeeded(PartnerTask task, TaskEvidence evidence, Instant now) {
        TaskEvidence stored = evidence;
        if (TaskEvidence.ALREADY_ABSENT.equals(evidence.result()) && task.claims > 1) {
            // An earlier run of this task may have deleted the object and lost the answer (crash, timeout, read-back
            // failure): the object was there when the order was planned, so it counts as erased, not as never held.
            stored = new TaskEvidence(TaskEvidence.DELETED, evidence.action(), evidence.verification()
                    + "; the object was already gone on run " + task.claims
                    + ", after an earlier run of this task that did not complete", evidence.fields(), evidence.discovered());
        }
        if (task.processorRecordId != null) {
            ProcessorRecord record = ProcessorRecord.findById(task.processorRecordId);
            if (record != null && record.erasedAt == null) {
                record.erasedAt = now;
                PartnerErasure erasure = PartnerErasure.findById(task.partnerErasureId);
                record.erasedByOrder = erasure == null ? null : erasure.orderId;
            }
        }
        return stored;
    }

    @Override
    public void finished(PartnerTask task) {
        confirmations.confirmIfComplete(task.partnerErasureId);
    }

    @Override
    public void reopened(PartnerTask task) {
        confirmations.reopen(task.partnerErasureId);
    }
}
