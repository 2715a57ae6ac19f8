package io.privacyplatform.partnersync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One partner object that holds a subject's data. Never leaves the service: REST maps it to a record. */
@Entity
@Table(name = "processor_record")
public class ProcessorRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(nullable = false)
    public String partner;

    @Column(name = "object_type", nullable = false)
    public String objectType;

    @Column(name = "object_id", nullable = false)
    public String objectId;

    /** A purpose code (e.g. {@code billing}), never free text. */
    @Column(nullable = false)
    public String purpose;

    /** {@link #REGISTERED} by the platform, or found by an {@link #EMAIL_LOOKUP} at erasure time. */
    @Column(nullable = false)
    public String source = REGISTERED;

    public static final String REGISTERED = "registered";
    public static final String EMAIL_LOOKUP = "email-lookup";
    /** Recorded at a customer's erasure: what the partner keeps of it by law (its billing objects). */
    public static final String KEPT_AT_ERASURE = "kept-at-erasure";

    /**
     * Set on an object the partner keeps on purpose after an erasure (an accounting record): the retention rule
     * ({@code retention-policy.yaml} code, e.g. {@code accounting-ten-years}) whose end lets it be erased, by a scoped
     * erasure of the record's {@link #purpose}. Null for the objects an erasure deletes.
     */
    @Column(name = "retained_under")
    public String retainedUnder;

    /** When the object was created at the partner. */
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    /** When an erasure order removed (or found already removed) the object at the partner. */
    @Column(name = "erased_at")
    public Instant erasedAt;

    @Column(name = "erased_by_order")
    public UUID erasedByOrder;

    public static List<ProcessorRecord> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by registeredAt, id", subjectId);
    }

    /** The records of many subjects in one query, each subject's in {@link #ofSubject}'s order. */
    public static List<ProcessorRecord> ofSubjects(java.util.Collection<String> subjectIds) {
        return list("subjectId in ?1 order by registeredAt, id", List.copyOf(subjectIds));
    }

    public static List<ProcessorRecord> ofSubjectAt(String subjectId, String partner) {
        return list("subjectId = ?1 and partner = ?2 order by registeredAt, id", subjectId, partner);
    }

    /** An object kept at an erasure, under a retention rule. */
    public static ProcessorRecord retained(String subjectId, String partner, String objectType, String objectId,
                                           String purpose, String rule, Instant now) {
        ProcessorRecord record = new ProcessorRecord();
        record.id = UUID.randomUUID();
        record.subjectId = subjectId;
        record.partner = partner;
        record.objectType = objectType;
        record.objectId = objectId;
        record.purpose = purpose;
        record.source = KEPT_AT_ERASURE;
        record.retainedUnder = rule;
        record.createdAt = now;
        record.registeredAt = now;
        return record;
    }

    public static Optional<ProcessorRecord> findObject(String partner, String objectType, String objectId) {
        return find("partner = ?1 and objectType = ?2 and objectId = ?3", partner, objectType, objectId)
                .firstResultOptional();
    }
}
