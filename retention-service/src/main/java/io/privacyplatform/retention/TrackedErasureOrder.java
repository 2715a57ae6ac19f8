package io.privacyplatform.retention;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An erasure order this service placed (a retention expiry), as it went out: the systems that must confirm it and its
 * scope. Completed once every expected system answered with something else than FAILED.
 */
@Entity
@Table(name = "tracked_erasure_order")
public class TrackedErasureOrder extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    /** Comma-separated system names. */
    @Column(name = "expected_systems", nullable = false)
    public String expectedSystems;

    /** Comma-separated purposes whose data goes; null for an order of everything. */
    @Column(name = "scope_purposes")
    public String scopePurposes;

    @Column(name = "kept_purposes")
    public String keptPurposes;

    @Column(name = "ordered_at", nullable = false)
    public Instant orderedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public List<String> expectedSystemList() {
        return split(expectedSystems);
    }

    /** A comma list of the columns above. */
    public static List<String> split(String names) {
        return names == null || names.isEmpty() ? List.of() : Arrays.asList(names.split(","));
    }

    public static Optional<TrackedErasureOrder> of(UUID orderId) {
        return findByIdOptional(orderId);
    }

    public static List<TrackedErasureOrder> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by orderedAt", subjectId);
    }

    /** Orders not completed, placed before {@code before}, oldest first. */
    public static List<TrackedErasureOrder> openSince(Instant before, int limit) {
        return find("completedAt is null and orderedAt < ?1 order by orderedAt", before).page(0, limit).list();
    }
}
