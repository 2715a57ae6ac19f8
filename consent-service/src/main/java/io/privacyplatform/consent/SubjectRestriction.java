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
import java.util.UUID;

/**
 * A restriction of processing in force (GDPR Art. 18, from {@code restriction-changed}), one per restriction
 * request; lifting deletes the row of that request.
 */
@Entity
@Table(name = "subject_restriction")
@IdClass(SubjectRestriction.Key.class)
public class SubjectRestriction extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public String subjectId;

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    /** A {@code RestrictionReason} name. */
    @Column(nullable = false)
    public String reason;

    @Column(nullable = false)
    public Instant since;

    /** Composite id (a plain class: what Hibernate expects of an id class). */
    public static class Key implements Serializable {
        public String subjectId;
        public java.util.UUID requestId;

        public Key() {
        }

        public Key(String subjectId, java.util.UUID requestId) {
            this.subjectId = subjectId;
            this.requestId = requestId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(k.subjectId, subjectId) && java.util.Objects.equals(k.requestId, requestId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(subjectId, requestId);
        }
    }

    public static List<SubjectRestriction> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by since", subjectId);
    }

    public static long countOfSubject(String subjectId) {
        return count("subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("subjectId", subjectId);
    }
}
