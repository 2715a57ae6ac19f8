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
 * One call-and-verify unit of work at one partner: erase one object for one order, or unsubscribe one contact.
 * Everything a worker needs to resume is here (state, lease, attempts, next attempt, last error), so a crash or a
 * restart loses nothing: an expired lease makes the task due again. Ids only: the email an unsubscribe needs is read
 * from HubSpot at run time and never stored.
 */
@Entity
@Table(name = "partner_task")
public class PartnerTask extends PanacheEntityBase {

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskKind kind;

    /** The (order, partner) this ERASE task belongs to; null for other kinds. */
    @Column(name = "partner_erasure_id")
    public UUID partnerErasureId;

    /** The (order, partner) this RECTIFY task belongs to; null for other kinds. */
    @Column(name = "partner_rectification_id")
    public UUID partnerRectificationId;

    /** The restriction order (order, partner) this UNSUBSCRIBE task applies; null for other kinds and older events. */
    @Column(name = "partner_restriction_id")
    public UUID partnerRestrictionId;

    /** RECTIFY: per field, the code, the partner's property and the result, as JSON; never a value. */
    @Column(name = "field_results")
    public String fieldResults;

    @Column(name = "processor_record_id")
    public UUID processorRecordId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    /** Event type that caused the task, e.g. {@code erasure-ordered}, {@code consent-changed}. */
    @Column(name = "trigger_type")
    public String triggerType;

    /** Id in that event: order id, consent record id, or the restriction's request id. */
    @Column(name = "trigger_id")
    public String triggerId;

    @Column(nullable = false)
    public String partner;

    @Column(name = "object_type", nullable = false)
    public String objectType;

    @Column(name = "object_id", nullable = false)
    public String objectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskState state;

    /** Counted attempts (toward {@code max-attempts}); claims that made no call are not counted. */
    @Column(nullable = false)
    public int attempts;

    /** Every claim, counted or not. More than one means an earlier run may have reached the partner. */
    @Column(nullable = false)
    public int claims;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "lease_until")
    public Instant leaseUntil;

    @Column(name = "lease_token")
    public UUID leaseToken;

    /** The instance holding the lease ({@code LiveInstances}); its tasks are claimed again once it is gone. */
    @Column(name = "leased_by")
    public String leasedBy;

    /** Safe summary of the last failure (step, status, partner error code); never a partner's message text. */
    @Column(name = "last_error")
    public String lastError;

    /** HTTP status of the last failure, 0 when no answer came back. */
    @Column(name = "last_error_status")
    public Integer lastErrorStatus;

    /** Partner error code or type of the last failure, e.g. {@code resource_missing}, {@code VALIDATION_ERROR}. */
    @Column(name = "last_error_code")
    public String lastErrorCode;

    /** A {@link DeadReason} code while DEAD (kept after a resolution, as history). */
    @Column(name = "dead_reason")
    public String deadReason;

    /** {@code deleted}, {@code already-absent}, {@code unsubscribed}... once DONE; {@code failed} once DEAD. */
    public String result;

    /** What was called, with placeholders instead of ids, e.g. {@code DELETE /v1/customers/{id}}. */
    public String action;

    /** How the result was read back. */
    public String verification;

    @Column(name = "retried_at")
    public Instant retriedAt;

    @Column(name = "manual_retries", nullable = false)
    public int manualRetries;

    @Column(name = "resolution_note")
    public String resolutionNote;

    /** The token subject of whoever resolved it: a privacy officer for an erasure task. */
    @Column(name = "resolved_by")
    public String resolvedBy;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    /** A {@link ResolutionCategory} code: what the officer established when resolving an erasure task by hand. */
    @Column(name = "resolution_category")
    public String resolutionCategory;

    /** Where the proof of a manual resolution is kept (a ticket, a mail's reference), if given. */
    @Column(name = "resolution_evidence_ref")
    public String resolutionEvidenceRef;

    /** An erasure's task (ERASE, REDACT, LOOKUP): resolving it by hand decides what the person's receipt says. */
    public boolean isErasure() {
        return kind == TaskKind.ERASE || kind == TaskKind.REDACT || kind == TaskKind.LOOKUP;
    }

    /**
     * DEAD → RESOLVED_MANUALLY: someone handled the object by hand; the note, category (null outside erasures) and
     * evidence reference go with it as evidence. The caller holds the row lock and checked the state.
     */
    public void resolveManually(String note, ResolutionCategory category, String evidenceRef, String by, Instant at) {
        state = TaskState.RESOLVED_MANUALLY;
        resolutionNote = note;
        resolutionCategory = category == null ? null : category.code();
        resolutionEvidenceRef = evidenceRef;
        resolvedBy = by;
        resolvedAt = at;
        completedAt = at;
        result = "resolved-manually";
    }

    /** A new PENDING task, due now (persist it). */
    public static PartnerTask pending(TaskKind kind, String subjectId, String partner, String objectType, String objectId,
                                      String triggerType, String triggerId, Instant now) {
        PartnerTask task = new PartnerTask();
        task.id = UUID.randomUUID();
        task.kind = kind;
        task.subjectId = subjectId;
        task.partner = partner;
        task.objectType = objectType;
        task.objectId = objectId;
        task.triggerType = triggerType;
        task.triggerId = triggerId;
        task.state = TaskState.PENDING;
        task.createdAt = now;
        task.nextAttemptAt = now;
        return task;
    }

    public static List<PartnerTask> ofPartnerErasure(UUID partnerErasureId) {
        return list("partnerErasureId = ?1 order by createdAt, id", partnerErasureId);
    }

    /** The tasks of many (order, partner), by partner erasure id, each list in {@link #ofPartnerErasure}'s order. */
    public static java.util.Map<UUID, List<PartnerTask>> ofPartnerErasures(java.util.Collection<UUID> partnerErasureIds) {
        java.util.Map<UUID, List<PartnerTask>> byErasure = new java.util.HashMap<>();
        // Native: Hibernate translates an HQL query with a list parameter again at each call (a visible share of the CPU
        // per order); tasks already in the session come back as its instances.
        @SuppressWarnings("unchecked")
        List<PartnerTask> tasks = getEntityManager().createNativeQuery(
                        "select * from partner_task where partner_erasure_id in (?1) order by created_at, id", PartnerTask.class)
                .setParameter(1, List.copyOf(partnerErasureIds))
                .getResultList();
        tasks.forEach(t -> byErasure.computeIfAbsent(t.partnerErasureId, id -> new java.util.ArrayList<>()).add(t));
        return byErasure;
    }

    /** Which of these (order, partner) still have tasks not finished (PENDING or IN_FLIGHT). */
    @SuppressWarnings("unchecked")
    public static java.util.Set<UUID> withOpenTasks(java.util.Collection<UUID> partnerErasureIds) {
        return new java.util.HashSet<>(getEntityManager().createNativeQuery(
                        "select distinct partner_erasure_id from partner_task where partner_erasure_id in (?1)"
                                + " and state in ('PENDING', 'IN_FLIGHT')")
                .setParameter(1, List.copyOf(partnerErasureIds))
                .getResultList());
    }

    /** Tasks of that (order, partner) not finished yet (PENDING or IN_FLIGHT). */
    public static long countOpen(UUID partnerErasureId) {
        // Native: asked after every finished task; Hibernate re-translates an HQL count with a list parameter each time.
        Number open = (Number) getEntityManager().createNativeQuery(
                        "select count(*) from partner_task where partner_erasure_id = ?1 and state in ('PENDING', 'IN_FLIGHT')")
                .setParameter(1, partnerErasureId)
                .getSingleResult();
        return open.longValue();
    }

    public PartnerObjectType type() {
        return PartnerObjectType.of(partner, objectType)
                .orElseThrow(() -> new IllegalStateException("unknown object type " + partner + "/" + objectType));
    }

    /** Retry budget start: creation, or the last manual retry. */
    public Instant retryWindowStart() {
        return retriedAt != null ? retriedAt : createdAt;
    }
}
