package io.privacyplatform.retention;

import io.privacyplatform.contracts.order.OrderKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A rectification or restriction order waiting for one company datastore: queued by the consumer in the event's
 * transaction, run by {@code service.DatastoreRightsOrders} with retries, deleted once its confirmation is in the
 * outbox. It holds the field codes of a rectification, never the values.
 */
@Entity
@Table(name = "datastore_rights_order")
public class DatastoreRightsOrder extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** Null for a restriction change from a build before confirmations: applied, not confirmed. */
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(nullable = false)
    public String datastore;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderKind kind;

    /** A rectification's field codes, comma-separated. */
    public String fields;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    /** Why the last attempt did not finish: a kind and a status, never a value. */
    @Column(name = "last_error")
    public String lastError;

    public static DatastoreRightsOrder queue(UUID orderId, UUID requestId, String subjectId, String datastore,
                                             OrderKind kind, List<String> fields, Instant now) {
        DatastoreRightsOrder order = new DatastoreRightsOrder();
        order.orderId = orderId;
        order.requestId = requestId;
        order.subjectId = subjectId;
        order.datastore = datastore;
        order.kind = kind;
        order.fields = fields == null ? null : String.join(",", fields);
        order.receivedAt = now;
        order.nextAttemptAt = now;
        order.persist();
        return order;
    }

    /** Whether an order with this id is already queued for the datastore (a redelivery under another event id). */
    public static boolean queued(UUID orderId, String datastore, OrderKind kind) {
        return orderId != null && count("orderId = ?1 and datastore = ?2 and kind = ?3", orderId, datastore, kind) > 0;
    }

    /**
     * Locks the next due order whose subject has no earlier order waiting on the same datastore (they apply in
     * arrival order); one another replica holds is skipped.
     */
    public static Optional<DatastoreRightsOrder> claimNextDue(Instant now) {
        @SuppressWarnings("unchecked")
        List<DatastoreRightsOrder> due = getEntityManager().createNativeQuery("""
                        select o.* from datastore_rights_order o
                        where o.next_attempt_at <= ?1
                          and not exists (select 1 from datastore_rights_order e
                                          where e.subject_id = o.subject_id and e.datastore = o.datastore and e.id < o.id)
                        order by o.next_attempt_at, o.id
                        limit 1
                        for update of o skip locked""", DatastoreRightsOrder.class)
                .setParameter(1, now).getResultList();
        return due.stream().findFirst();
    }

    public List<String> fieldList() {
        return fields == null || fields.isBlank() ? List.of() : Arrays.asList(fields.split(","));
    }

    /** Counts a failed attempt and sets the next one. */
    public void retryLater(String error, Duration delay, Instant now) {
        attempts++;
        lastError = error.length() > 500 ? error.substring(0, 500) : error;
        nextAttemptAt = now.plus(delay);
    }

    /** The order is answered (its confirmation, if any, is in the outbox): nothing of it stays. */
    public void finish() {
        delete();
    }
}
