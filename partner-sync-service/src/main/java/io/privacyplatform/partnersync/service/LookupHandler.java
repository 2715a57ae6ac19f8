package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.SubjectContactClient;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * LOOKUP: searches the partner by the subject's email addresses, read from the owning service first (outside the
 * partner's circuit breaker; held in memory for the run only). What it found becomes durable work in the transaction
 * that records the lookup: a processor record (source {@code email-lookup}) per found object, and an ERASE task of the
 * same order. An object already registered for another subject is left alone (a shared address is not proof that it
 * is this subject's). The lookup is part of its erasure order's confirmation.
 */
@ApplicationScoped
public class LookupHandler implements TaskHandler {

    static final String PURPOSE = "email-lookup";

    private final SubjectContactClient subjectContact;
    private final ErasureConfirmations confirmations;

    LookupHandler(SubjectContactClient subjectContact, ErasureConfirmations confirmations) {
        this.subjectContact = subjectContact;
        this.confirmations = confirmations;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.LOOKUP;
    }

    @Override
    public Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        return subjectContact.emails(task.partner(), task.subjectId()).map(emails -> search(emails, connector));
    }

    private static Supplier<Uni<TaskEvidence>> search(List<String> emails, PartnerConnector connector) {
        if (emails.isEmpty()) {
            TaskEvidence none = new TaskEvidence(TaskEvidence.NO_CONTACT, "GET subject-contact /subjects/{id}/contact",
                    "the owning service holds no email for the subject: nothing to search");
            return () -> Uni.createFrom().item(none);
        }
        return () -> connector.findByEmail(emails);
    }

    @Override
    public TaskEvidence succeeded(PartnerTask task, TaskEvidence evidence, Instant now) {
        if (evidence.discovered().isEmpty()) {
            return evidence;
        }
        return new TaskEvidence(evidence.result(), evidence.action(),
                evidence.verification() + "; " + planErasures(task, evidence.discovered(), now), evidence.fields(),
                evidence.discovered());
    }

    @Override
    public void finished(PartnerTask task) {
        confirmations.confirmIfComplete(task.partnerErasureId);
    }

    @Override
    public void reopened(PartnerTask task) {
        confirmations.reopen(task.partnerErasureId);
    }

    /** @return a summary for the lookup's verification (ids and counts only) */
    private static String planErasures(PartnerTask lookup, List<String> objectIds, Instant now) {
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
