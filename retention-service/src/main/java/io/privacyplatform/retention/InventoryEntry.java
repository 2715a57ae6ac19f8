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
 * What the platform holds about one subject for one purpose (a code of the retention policy file): which
 * categories of data, and the clocks the retention rules start from. {@code expiresAt} is derived from the
 * policy on every write (never set by hand).
 */
@Entity
@Table(name = "inventory_entry")
public class InventoryEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(nullable = false)
    public String purpose;

    @Convert(converter = DataCategory.SetConverter.class)
    @Column(name = "data_categories", nullable = false)
    public Set<DataCategory> dataCategories;

    @Column(name = "collected_at", nullable = false)
    public Instant collectedAt;

    /** Last activity or contact. */
    @Column(name = "last_activity_at", nullable = false)
    public Instant lastActivityAt;

    @Column(name = "contract_end_at")
    public Instant contractEndAt;

    @Column(name = "offer_end_at")
    public Instant offerEndAt;

    /** Consent withdrawn (marketing): ends the purpose at once. */
    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    /** How the entry was learned: api, activity, import, request-filed, consent-changed, connection-log. */
    @Column(nullable = false)
    public String source;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /**
     * Kept through this whole erasure order because one of its exemptions names this purpose's rule (e.g. invoices
     * Stripe keeps under accounting-ten-years); null otherwise. At expiry the sweep orders this purpose's scoped erasure.
     */
    @Column(name = "exempted_by_order")
    public java.util.UUID exemptedByOrder;

    @Column(name = "exempted_at")
    public Instant exemptedAt;

    /** Comma-separated systems whose exemption keeps this purpose's data. */
    @Column(name = "exemption_systems")
    public String exemptionSystems;

    /** Comma-separated data categories (the exemptions' codes) kept there. */
    @Column(name = "exemption_categories")
    public String exemptionCategories;

    public static List<InventoryEntry> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by purpose", subjectId);
    }

    public static Optional<InventoryEntry> of(String subjectId, String purpose) {
        return find("subjectId = ?1 and purpose = ?2", subjectId, purpose).firstResultOptional();
    }
}
