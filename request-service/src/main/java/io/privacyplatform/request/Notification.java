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
 * One mail to the person in the durable queue: queued in the transaction of the step that causes it, sent by
 * {@code service.notification.NotificationSender}. No body (rendered at send time) and no address: ids, codes, times.
 */
@Entity
@Table(name = "notification")
public class Notification extends PanacheEntityBase {

    public enum Status {
        /** Waiting for its (next) attempt; a failed attempt keeps it here with a later {@code nextAttemptAt}. */
        PENDING,
        SENT,
        /** No address is known for the person: nothing can be mailed; the in-app notices remain. */
        NO_ADDRESS
    }

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public NotificationKind kind;

    /** The request's language when the notification was queued ({@code fr}, {@code en}). */
    @Column(nullable = false)
    public String language;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    public Instant nextAttemptAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** Why the last attempt failed, as a code (an exception class or a service-call kind), never a message. */
    @Column(name = "last_error")
    public String lastError;

    /** The request's notifications, oldest first. */
    public static List<Notification> of(UUID requestId) {
        return list("requestId = ?1 order by createdAt, id", requestId);
    }

    /** Whether any notification of the request still waits to be sent. */
    public static boolean anyPending(UUID requestId) {
        return count("requestId = ?1 and status = ?2", requestId, Status.PENDING) > 0;
    }
}
