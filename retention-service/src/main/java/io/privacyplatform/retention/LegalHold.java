package io.privacyplatform.retention;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A legal hold placed by the privacy officer: while active it blocks the subject's expiry erasure, and an
 * erasure order keeps what it covers (every purpose, or the listed ones).
 */
@Entity
@Table(name = "legal_hold")
public class LegalHold extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(name = "all_purposes", nullable = false)
    public boolean allPurposes;

    /** Sorted, comma-separated purpose codes; empty when {@link #allPurposes}. */
    @Column(nullable = false)
    public String purposes;

    /** The privacy officer's reason: never logged, never on Kafka. */
    @Column(nullable = false)
    public String reason;

    @Column(name = "placed_by", nullable = false)
    public String placedBy;

    @Column(name = "placed_at", nullable = false)
    public Instant placedAt;

    /** Null: until lifted. */
    @Column(name = "held_until")
    public Instant heldUntil;

    @Column(name = "lifted_at")
    public Instant liftedAt;

    @Column(name = "lifted_by")
    public String liftedBy;

    public Set<String> purposeSet() {
        return purposes.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(purposes.split(",")));
    }

    /** Placed, not lifted, not past its end. */
    public boolean activeAt(Instant now) {
        return liftedAt == null && (heldUntil == null || heldUntil.isAfter(now));
    }

    public boolean covers(String purpose) {
        return allPurposes || purposeSet().contains(purpose);
    }

    /** Whether two holds cover a common purpose. */
    public boolean overlaps(boolean otherAll, Set<String> otherPurposes) {
        return allPurposes || otherAll || otherPurposes.stream().anyMatch(purposeSet()::contains);
    }

    public static List<LegalHold> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by placedAt", subjectId);
    }

    public static List<LegalHold> activeOf(String subjectId, Instant now) {
        return list("subjectId = ?1 and liftedAt is null and (heldUntil is null or heldUntil > ?2) order by placedAt",
                subjectId, now);
    }
}
