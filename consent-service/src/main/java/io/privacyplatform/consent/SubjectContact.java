package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A keyed hash of one of the subject's email addresses: kept only to suppress the address if the subject is erased. */
@Entity
@Table(name = "subject_contact")
@IdClass(SubjectContact.Key.class)
public class SubjectContact extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public String subjectId;

    @Id
    @Column(name = "email_hash")
    public String emailHash;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    /** Composite id (a plain class: what Hibernate expects of an id class). */
    public static class Key implements Serializable {
        public String subjectId;
        public String emailHash;

        public Key() {
        }

        public Key(String subjectId, String emailHash) {
            this.subjectId = subjectId;
            this.emailHash = emailHash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(k.subjectId, subjectId) && java.util.Objects.equals(k.emailHash, emailHash);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(subjectId, emailHash);
        }
    }

    public static List<SubjectContact> ofSubject(String subjectId) {
        return list("subjectId", subjectId);
    }

    public static long countOfSubject(String subjectId) {
        return count("subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("subjectId", subjectId);
    }
}
