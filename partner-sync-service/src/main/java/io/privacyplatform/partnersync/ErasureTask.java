package io.privacyplatform.partnersync;

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
 * Erase one partner object for one order. The retry state (attempts, next attempt, last error) lives here,
 * so a restart or a crash loses nothing: the next worker run picks the task up again.
 */
@Entity
@Table(name = "erasure_task")
public class ErasureTask extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "partner_erasure_id", nullable = false)
    public UUID partnerErasureId;

    @Column(name = "processor_record_id")
    public UUID processorRecordId;

    @Column(nullable = false)
    public String partner;

    @Column(name = "object_type", nullable = false)
    public String objectType;

    @Column(name = "object_id", nullable = false)
    public String objectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskStatus status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    /** Status code and partner error code of the last failure; never a partner's message text. */
    @Column(name = "last_error")
    public String lastError;

    /** {@code deleted} or {@code already-absent} once DONE, {@code failed} once FAILED. */
    public String result;

    /** What was called, e.g. {@code DELETE /v1/customers/{id}}. */
    public String action;

    /** How the result was read back, e.g. {@code GET /v1/customers/{id} returned deleted=true}. */
    public String verification;

    public static List<ErasureTask> ofPartnerErasure(UUID partnerErasureId) {
        return list("partnerErasureId = ?1 order by createdAt, id", partnerErasureId);
    }

    public static long countPending(UUID partnerErasureId) {
        return count("partnerErasureId = ?1 and status = ?2", partnerErasureId, TaskStatus.PENDING);
    }

    public static long countAllPending() {
        return count("status", TaskStatus.PENDING);
    }

    public PartnerObjectType type() {
        return PartnerObjectType.of(partner, objectType)
                .orElseThrow(() -> new IllegalStateException("unknown object type " + partner + "/" + objectType));
    }
}
