package io.privacyplatform.retention;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A restriction of processing in force for a subject (GDPR Art. 18, from {@code restriction-changed}): while it holds,
 * the subject's data is kept (storage only) and no expiry erasure is ordered. Lifting it removes the row.
 */
@Entity
@Table(name = "subject_restriction")
public class SubjectRestriction extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public String subjectId;

    /** The request that restricted the subject. */
    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    /** The restriction order, absent in events of builds before confirmations. */
    @Column(name = "order_id")
    public UUID orderId;

    /** When the restriction took effect (the event's {@code changedAt}). */
    @Column(name = "restricted_at", nullable = false)
    public Instant restrictedAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    public static Optional<SubjectRestriction> of(String subjectId) {
        return findByIdOptional(subjectId);
    }

    /**
     * Records the restriction; a subject already restricted keeps the row of the restriction that came first.
     *
     * @return whether a new restriction was recorded
     */
    public static boolean record(String subjectId, UUID requestId, UUID orderId, Instant restrictedAt, Instant now) {
        if (of(subjectId).isPresent()) {
            return false;
        }
        SubjectRestriction restriction = new SubjectRestriction();
        restriction.subjectId = subjectId;
        restriction.requestId = requestId;
        restriction.orderId = orderId;
        restriction.restrictedAt = restrictedAt;
        restriction.recordedAt = now;
        restriction.persist();
        return true;
    }

    /** Removes the subject's restriction, at once in the database (the sweep's SQL must not see it any more). */
    public static boolean lift(String subjectId) {
        return delete("subjectId", subjectId) > 0;
    }
}
