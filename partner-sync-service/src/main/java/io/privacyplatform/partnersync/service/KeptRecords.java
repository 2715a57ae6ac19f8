package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The objects a partner keeps by law after an erasure (a deleted Stripe customer's invoices, charges and payment
 * intents: accounting records, French commercial code L123-22): recorded as processor records kept under the
 * accounting rule ({@link ProcessorRecord#retainedUnder}), ids only, and redacted (REDACT tasks) by the scoped erasure
 * of their purpose that ends the rule.
 */
@ApplicationScoped
public class KeptRecords {

    /** The policy purpose the kept billing objects serve (retention-policy.yaml {@code purposes:}). */
    public static final String BILLING_PURPOSE = "billing";
    /** The rule of {@link #BILLING_PURPOSE} whose end ends the keeping (retention-policy.yaml {@code rules:}). */
    public static final String ACCOUNTING_RULE = "accounting-ten-years";

    private final TaskDispatcher dispatcher;

    KeptRecords(TaskDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /**
     * In the transaction of an ERASE task's success: each object the partner said it keeps becomes a kept record of
     * the task's subject (an object already recorded for another subject is left alone); when the task's order ends
     * their keeping (a scoped erasure of their purpose, e.g. the customer was still at Stripe when billing's ten years
     * ended), they get REDACT tasks of the same order at once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(PartnerTask task, List<String> objectIds, Instant now) {
        if (objectIds.isEmpty()) {
            return;
        }
        PartnerErasure erasure = task.partnerErasureId == null ? null : PartnerErasure.findById(task.partnerErasureId);
        int added = 0;
        int planned = 0;
        int foreign = 0;
        for (String objectId : objectIds) {
            Optional<PartnerObjectType> type = PartnerObjectType.ofId(task.partner, objectId, Capability.REDACT);
            if (type.isEmpty()) {
                continue;
            }
            ProcessorRecord record = ProcessorRecord.findObject(task.partner, type.get().wireName(), objectId).orElse(null);
            if (record == null) {
                record = ProcessorRecord.retained(task.subjectId, task.partner, type.get().wireName(), objectId,
                        BILLING_PURPOSE, ACCOUNTING_RULE, now);
                record.persist();
                added++;
            } else if (!record.subjectId.equals(task.subjectId)) {
                foreign++;
                continue;
            }
            if (erasure != null && endsKeeping(erasure, record) && planRedaction(erasure, record, now)) {
                planned++;
            }
        }
        Log.infof("Erasure task %s at %s: %d kept object(s) recorded, %d redaction(s) planned%s", task.id, task.partner,
                added, planned, foreign == 0 ? "" : ", " + foreign + " object(s) of another subject left alone");
        if (planned > 0) {
            dispatcher.wakeUpAfterCommit();
        }
    }

    /** Whether the order ends the keeping of this record: kept under a rule, not erased yet, its purpose in scope. */
    static boolean endsKeeping(PartnerErasure erasure, ProcessorRecord record) {
        return record.retainedUnder != null && record.erasedAt == null && erasure.endsKeepingFor(record.purpose);
    }

    /** A REDACT task of the order for a kept record, unless the order has one for it already. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean planRedaction(PartnerErasure erasure, ProcessorRecord record, Instant now) {
        boolean exists = PartnerTask.count("partnerErasureId = ?1 and kind = ?2 and processorRecordId = ?3",
                erasure.id, TaskKind.REDACT, record.id) > 0;
        if (exists) {
            return false;
        }
        PartnerTask redact = PartnerTask.pending(TaskKind.REDACT, record.subjectId, record.partner, record.objectType,
                record.objectId, Events.ERASURE_ORDERED.topic(), erasure.orderId.toString(), now);
        redact.partnerErasureId = erasure.id;
        redact.processorRecordId = record.id;
        redact.persist();
        return true;
    }
}
