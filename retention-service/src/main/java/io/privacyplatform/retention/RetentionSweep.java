package io.privacyplatform.retention;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The record of one sweep (dry runs included): when it ran, what it ordered, by rule, and what it purged. */
@Entity
@Table(name = "retention_sweep")
public class RetentionSweep extends PanacheEntityBase {

    @Id
    public UUID id;

    /** SCHEDULED or ON_DEMAND. */
    @Column(nullable = false)
    public String trigger;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The service clock's "now" the rules were evaluated at. */
    @Column(name = "evaluated_at", nullable = false)
    public Instant evaluatedAt;

    @Column(name = "subjects_ordered", nullable = false)
    public long subjectsOrdered;

    /** Of {@code subjectsOrdered}, the orders scoped to some purposes (the others erase the whole subject). */
    @Column(name = "scoped_orders", nullable = false)
    public long scopedOrders;

    /** JSON object: rule code to subjects ordered (or that would be, for a dry run). */
    @Column(name = "counts_by_rule", nullable = false)
    public String countsByRule;

    @Column(name = "connection_logs_purged", nullable = false)
    public long connectionLogsPurged;
}
