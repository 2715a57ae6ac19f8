package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.client.TaskEvidence;

import java.time.Instant;

/**
 * What the task kinds of an erasure order share (ERASE, REDACT): once done the processor record is marked erased, and
 * once every task of the (order, partner) is finished its {@code erasure-confirmed} is published.
 */
abstract class ErasureTaskHandler implements TaskHandler {

    private final ErasureConfirmations confirmations;

    ErasureTaskHandler(ErasureConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    /** For the client proxies of the subclasses' normal scope. */
    protected ErasureTaskHandler() {
        this(null);
    }

    @Override
    public TaskEvidence succeeded(PartnerTask task, TaskEvidence evidence, Instant now) {
        TaskEvidence stored = evidence;
        String done = TaskEvidence.ALREADY_REDACTED.equals(evidence.result()) ? TaskEvidence.REDACTED
                : TaskEvidence.ALREADY_ABSENT.equals(evidence.result()) ? TaskEvidence.DELETED : null;
        if (done != null && task.claims > 1) {
            // An earlier run of this task may have erased the object and lost the answer (crash, timeout, read-back
            // failure): the object was there when the order was planned, so it counts as erased, not as never held.
            stored = new TaskEvidence(done, evidence.action(), evidence.verification()
                    + "; the object was already " + (done.equals(TaskEvidence.REDACTED) ? "redacted" : "gone")
                    + " on run " + task.claims + ", after an earlier run of this task that did not complete",
                    evidence.fields(), evidence.discovered());
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
    public void finishedAll(java.util.List<PartnerTask> tasks) {
        java.util.Set<java.util.UUID> erasures = new java.util.TreeSet<>();
        tasks.stream().filter(task -> task.partnerErasureId != null).forEach(task -> erasures.add(task.partnerErasureId));
        confirmations.confirmAllIfComplete(erasures);
    }

    @Override
    public void reopened(PartnerTask task) {
        confirmations.reopen(task.partnerErasureId);
    }
}
