package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The answer in force per subject and purpose: the latest ledger entry, kept in the same transaction so that
 * "may we email S for P now?" reads one row by primary key.
 */
@Entity
@Table(name = "consent_state")
public class ConsentState extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public boolean granted;

    /** The latest entry is an objection: partner-sourced grants are refused until the subject grants again. */
    @Column(nullable = false)
    public boolean objected;

    @Column(name = "entry_id", nullable = false)
    public UUID entryId;

    @Convert(converter = ConsentSource.Converter.class)
    @Column(nullable = false)
    public ConsentSource source;

    @Column(name = "changed_at", nullable = false)
    public Instant changedAt;

    @Embeddable
    public static class Key implements Serializable {

        @Column(name = "subject_id", nullable = false)
        public String subjectId;

        @Convert(converter = ConsentPurpose.Converter.class)
        @Column(nullable = false)
        public ConsentPurpose purpose;

        protected Key() {
        }

        public Key(String subjectId, ConsentPurpose purpose) {
            this.subjectId = subjectId;
            this.purpose = purpose;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.subjectId.equals(subjectId) && k.purpose == purpose;
        }

        @Override
        public int hashCode() {
            return Objects.hash(subjectId, purpose);
        }
    }

    public static ConsentState of(String subjectId, ConsentPurpose purpose) {
        return findById(new Key(subjectId, purpose));
    }

    public static List<ConsentState> ofSubject(String subjectId) {
        return list("key.subjectId", subjectId);
    }

    public static long countOfSubject(String subjectId) {
        return count("key.subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("key.subjectId", subjectId);
    }

    /** The subject's rows of these purposes only (a scoped erasure). */
    public static long countOfSubject(String subjectId, java.util.Collection<ConsentPurpose> purposes) {
        return purposes.isEmpty() ? 0 : count("key.subjectId = ?1 and key.purpose in ?2", subjectId, purposes);
    }

    public static long deleteOfSubject(String subjectId, java.util.Collection<ConsentPurpose> purposes) {
        return purposes.isEmpty() ? 0 : delete("key.subjectId = ?1 and key.purpose in ?2", subjectId, purposes);
    }
}
