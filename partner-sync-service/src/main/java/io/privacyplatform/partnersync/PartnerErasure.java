package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The erasure of one order at one partner: exists even when the partner holds nothing, so that every
 * expected partner confirms once its tasks are finished, and again each time operators change the result.
 */
@Entity
@Table(name = "partner_erasure")
public class PartnerErasure extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(nullable = false)
    public String partner;

    /** The order's exemptions for this partner, as JSON (a list of {@code Exemption}). */
    @Column(nullable = false)
    public String exemptions;

    /**
     * The purposes of a scoped order ({@code ErasureScope.purposes}, comma-separated), null for a whole erasure: the
     * objects kept at an earlier erasure for one of them (e.g. billing records) are redacted by this order.
     */
    @Column(name = "scope_purposes")
    public String scopePurposes;

    /** Whether this order ends the keeping of objects kept for {@code purpose}. */
    public boolean endsKeepingFor(String purpose) {
        return scopePurposes != null && java.util.Arrays.asList(scopePurposes.split(",")).contains(purpose);
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Enumerated(EnumType.STRING)
    public ErasureOutcome outcome;

    /** Id of the latest {@code erasure-confirmed} published for it. */
    @Column(name = "confirmation_event_id")
    public UUID confirmationEventId;

    /** How many {@code erasure-confirmed} were published (more than one after operators retried or resolved tasks). */
    @Column(nullable = false)
    public int confirmations;

    /** Set when a task of an already confirmed erasure is retried or resolved: confirm again once all are finished. */
    @Column(nullable = false)
    public boolean reconfirm;

    public static boolean exists(UUID orderId, String partner) {
        return count("orderId = ?1 and partner = ?2", orderId, partner) > 0;
    }

    /**
     * The partners an order is already planned at, in one native query (the planner's hot path: an HQL count per
     * partner was re-translated to SQL on every call).
     */
    @SuppressWarnings("unchecked")
    public static java.util.Set<String> partnersOf(UUID orderId) {
        return new java.util.HashSet<>(getEntityManager()
                .createNativeQuery("select partner from partner_erasure where order_id = ?1")
                .setParameter(1, orderId)
                .getResultList());
    }

    /** The (order, partner) pairs already planned among these orders, as {@link #plannedKey}s, in one query. */
    @SuppressWarnings("unchecked")
    public static java.util.Set<String> plannedOf(java.util.Collection<UUID> orderIds) {
        java.util.Set<String> planned = new java.util.HashSet<>();
        ((List<Object[]>) getEntityManager()
                .createNativeQuery("select order_id, partner from partner_erasure where order_id in (?1)")
                .setParameter(1, List.copyOf(new java.util.LinkedHashSet<>(orderIds)))
                .getResultList()).forEach(row -> planned.add(plannedKey((UUID) row[0], (String) row[1])));
        return planned;
    }

    public static String plannedKey(UUID orderId, String partner) {
        return orderId + "/" + partner;
    }

    public static Optional<PartnerErasure> findForOrder(UUID orderId, String partner) {
        return find("orderId = ?1 and partner = ?2", orderId, partner).firstResultOptional();
    }

    /**
     * Locks the row until the transaction ends and reloads it under the lock (an instance read earlier in the
     * transaction may be stale): serializes the "was that the last task?" decision between replicas. Changes made
     * earlier in this transaction are flushed first, so the reload keeps them.
     */
    public static PartnerErasure lock(UUID id) {
        EntityManager entityManager = getEntityManager();
        entityManager.flush();
        PartnerErasure erasure = entityManager.find(PartnerErasure.class, id);
        if (erasure != null) {
            entityManager.refresh(erasure, LockModeType.PESSIMISTIC_WRITE);
        }
        return erasure;
    }

    /**
     * {@link #lock} of many rows, for the confirmation check: changes of this transaction are flushed first, then the
     * rows are locked in one statement, in id order (two transactions locking overlapping sets cannot deadlock).
     *
     * @return the rows still to confirm (never confirmed, or reopened by an operator), loaded in at most one query; the
     * columns a confirmation changes are taken from the locked rows (an instance read earlier in the transaction may
     * be stale in them, the other columns never change)
     */
    @SuppressWarnings("unchecked")
    public static List<PartnerErasure> lockUnconfirmed(java.util.Collection<UUID> ids) {
        EntityManager entityManager = getEntityManager();
        entityManager.flush();
        List<Object[]> rows = entityManager.createNativeQuery("select id, confirmed_at, reconfirm, confirmations"
                        + " from partner_erasure where id in (?1) order by id for update")
                .setParameter(1, List.copyOf(ids))
                .getResultList();
        java.util.Map<UUID, Object[]> toConfirm = new java.util.LinkedHashMap<>();
        for (Object[] row : rows) {
            if (row[1] == null || Boolean.TRUE.equals(row[2])) {
                toConfirm.put((UUID) row[0], row);
            }
        }
        if (toConfirm.isEmpty()) {
            return List.of();
        }
        // Most are in the session already (the task engine preloads them): no query for those, one for the others.
        List<PartnerErasure> erasures = entityManager.unwrap(org.hibernate.Session.class).findMultiple(PartnerErasure.class,
                List.copyOf(toConfirm.keySet()), org.hibernate.SessionCheckMode.ENABLED);
        for (PartnerErasure erasure : erasures) {
            Object[] row = toConfirm.get(erasure.id);
            erasure.confirmedAt = io.privacyplatform.partnersync.service.TaskMetrics.toInstant(row[1]);
            erasure.reconfirm = Boolean.TRUE.equals(row[2]);
            erasure.confirmations = ((Number) row[3]).intValue();
        }
        return erasures;
    }
}
