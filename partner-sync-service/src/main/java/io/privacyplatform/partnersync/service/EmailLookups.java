package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a LOOKUP task found becomes durable work, in the transaction that records the lookup: a processor record
 * (source {@code email-lookup}) per found object, and an ERASE task of the same order. An object already registered for
 * another subject is left alone (a shared address is not proof that it is this subject's).
 */
@ApplicationScoped
public class EmailLookups {

    static final String PURPOSE = "email-lookup";

    /** @return a summary for the lookup's verification (ids and counts only) */
    @Transactional(Transactional.TxType.MANDATORY)
    public String planErasures(PartnerTask lookup, List<String> objectIds, Instant now) {
        int planned = 0;
        int foreign = 0;
        for (String objectId : objectIds) {
            ProcessorRecord record = ProcessorRecord.findObject(lookup.partner, lookup.objectType, objectId).orElse(null);
            if (record != null && !record.subjectId.equals(lookup.subjectId)) {
                foreign++;
                continue;
            }
            if (record == null) {
                record = new ProcessorRecord();
                record.id = UUID.randomUUID();
                record.subjectId = lookup.subjectId;
                record.partner = lookup.partner;
                record.objectType = lookup.objectType;
                record.objectId = objectId;
                record.purpose = PURPOSE;
                record.source = ProcessorRecord.EMAIL_LOOKUP;
                record.createdAt = now;
                record.registeredAt = now;
                record.persist();
            }
            boolean exists = PartnerTask.count("partnerErasureId = ?1 and kind = ?2 and objectId = ?3",
                    lookup.partnerErasureId, TaskKind.ERASE, objectId) > 0;
            if (!exists) {
                PartnerTask erase = PartnerTask.pending(TaskKind.ERASE, lookup.subjectId, lookup.partner, lookup.objectType,
                        objectId, lookup.triggerType, lookup.triggerId, now);
                erase.partnerErasureId = lookup.partnerErasureId;
                erase.processorRecordId = record.id;
                erase.persist();
                planned++;
            }
        }
        return planned + " erase task" + (planned == 1 ? "" : "s") + " planned"
                + (foreign == 0 ? "" : ", " + foreign + " object(s) registered for another subject left alone");
    }
}
