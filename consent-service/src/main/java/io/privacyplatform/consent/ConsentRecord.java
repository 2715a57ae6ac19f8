package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * One grant or withdrawal in the ledger: who, when, how and under which policy version (the proof of
 * consent of GDPR Art. 7(1)). Rows are appended, never updated; a purpose's current state is its latest row.
 */
@Entity
@Table(name = "consent_record")
public class ConsentRecord extends PanacheEntityBase {

    /** Ledger order: a later row of the same purpose supersedes an earlier one. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Convert(converter = ConsentPurpose.Converter.class)
    @Column(nullable = false)
    public ConsentPurpose purpose;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Convert(converter = ConsentSource.Converter.class)
    @Column(nullable = false)
    public ConsentSource source;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    /** The subject id when the subject recorded it, else the platform backend's token subject. */
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    public static List<ConsentRecord> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by id", subjectId);
    }

    public static long countOfSubject(String subjectId) {
        return count("subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("subjectId", subjectId);
    }
}
