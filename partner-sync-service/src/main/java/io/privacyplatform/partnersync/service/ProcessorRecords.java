package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The ledger of partner objects per subject. */
@ApplicationScoped
public class ProcessorRecords {

    private final EntityManager entityManager;
    private final PartnerConnectors partners;
    private final Clock clock;

    ProcessorRecords(EntityManager entityManager, PartnerConnectors partners, Clock clock) {
        this.entityManager = entityManager;
        this.partners = partners;
        this.clock = clock;
    }

    /** A registration's result: the record, and whether this call created it. */
    public record Registration(ProcessorRecord record, boolean created) {
    }

    /**
     * Registers a partner object. Registering the same object for the same subject again returns the
     * existing record (safe retries); the same object for another subject is a conflict.
     */
    @Transactional
    public Registration register(String subjectId, String partner, String objectType, String objectId, String purpose,
                                 Instant createdAt) {
        if (!partners.serves(partner)) {
            throw Problems.unprocessable("Unknown partner '" + partner + "'; allowed: "
                    + String.join(", ", partners.names()) + ".");
        }
        PartnerObjectType type = PartnerObjectType.of(partner, objectType).orElseThrow(() ->
                Problems.unprocessable("Object type '" + objectType + "' does not exist at " + partner
                        + "; allowed: " + String.join(", ", PartnerObjectType.wireNamesOf(partner)) + "."));
        if (!type.acceptsId(objectId)) {
            // The value is not echoed: a wrong id may be an email address.
            throw Problems.unprocessable("objectId is not a " + partner + " " + objectType + " id (expected "
                    + type.idFormat() + ").");
        }

        Instant now = Instant.now(clock);
        // Insert-or-nothing in one statement, so that two concurrent registrations cannot both fail or both insert.
        int inserted = entityManager.createNativeQuery("""
                        insert into processor_record (id, subject_id, partner, object_type, object_id, purpose, created_at, registered_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                        on conflict (partner, object_type, object_id) do nothing""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, subjectId)
                .setParameter(3, partner)
                .setParameter(4, objectType)
                .setParameter(5, objectId)
                .setParameter(6, purpose)
                .setParameter(7, createdAt == null ? now : createdAt)
                .setParameter(8, now)
                .executeUpdate();
        ProcessorRecord record = ProcessorRecord.findObject(partner, objectType, objectId)
                .orElseThrow(() -> new IllegalStateException("processor record vanished after insert"));
        if (!record.subjectId.equals(subjectId)) {
            throw Problems.conflict("This " + partner + " " + objectType
                    + " is already registered for another subject.");
        }
        return new Registration(record, inserted == 1);
    }

    @Transactional
    public List<ProcessorRecord> ofSubject(String subjectId) {
        return ProcessorRecord.ofSubject(subjectId);
    }

    @Transactional
    public ProcessorRecord get(UUID id) {
        ProcessorRecord record = ProcessorRecord.findById(id);
        if (record == null) {
            throw Problems.notFound("There is no processor record " + id + ".");
        }
        return record;
    }
}
