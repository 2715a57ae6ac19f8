package io.privacyplatform.retention;

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
import java.util.Optional;
import java.util.Set;

/**
 * What the platform holds about one subject for one purpose: which categories of data, collected when,
 * and when the subject was last active (the retention clocks of policy section 4 start from these).
 */
@Entity
@Table(name = "inventory_entry")
public class InventoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Convert(converter = Purpose.Converter.class)
    @Column(nullable = false)
    public Purpose purpose;

    @Convert(converter = DataCategory.SetConverter.class)
    @Column(name = "data_categories", nullable = false)
    public Set<DataCategory> dataCategories;

    @Column(name = "collected_at", nullable = false)
    public Instant collectedAt;

    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    public static List<InventoryEntry> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by purpose", subjectId);
    }

    public static Optional<InventoryEntry> of(String subjectId, Purpose purpose) {
        return find("subjectId = ?1 and purpose = ?2", subjectId, purpose).firstResultOptional();
    }

    public static long countOfSubject(String subjectId) {
        return count("subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("subjectId", subjectId);
    }
}
