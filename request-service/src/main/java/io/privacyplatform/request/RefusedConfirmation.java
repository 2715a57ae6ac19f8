package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A confirmation the gate refused ({@code service.ConfirmationGate}): never applied, kept for the privacy officer.
 * What was claimed, by whom, where and why; no payload.
 */
@Entity
@Table(name = "refused_confirmation")
public class RefusedConfirmation extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The system the confirmation claimed to speak for (cut to the column's length). */
    @Column(nullable = false)
    public String system;

    @Column(nullable = false)
    public String channel;

    public String principal;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    /** The request that placed the order, when this service placed it. */
    @Column(name = "request_id")
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RefusalReason reason;

    @Column(name = "refused_at", nullable = false)
    public Instant refusedAt;

    /** Newest first. */
    public static List<RefusedConfirmation> latest(int page, int size) {
        return RefusedConfirmation.<RefusedConfirmation>find("order by refusedAt desc, id").page(page, size).list();
    }
}
