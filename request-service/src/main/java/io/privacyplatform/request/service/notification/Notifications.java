package io.privacyplatform.request.service.notification;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Notification;
import io.privacyplatform.request.NotificationKind;
import io.privacyplatform.request.Transition;
import io.privacyplatform.request.config.RequestsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The durable queue of mails to the person. A step that the law or the person expects to hear about queues its
 * notification in its own transaction ({@link #onTransition}, called for every {@link Transition}), so a step that rolls
 * back queues nothing and one that commits cannot lose its mail; {@link NotificationSender} sends them. The person's
 * stored address is erased once the request is closed and nothing more is to be sent ({@link #eraseAddressIfDone}).
 */
@ApplicationScoped
public class Notifications {

    private final RequestsConfig.Notifications config;

    Notifications(RequestsConfig config) {
        this.config = config.notifications();
    }

    /** Queues the notification a step calls for, if any; a closing step that mails nothing erases the address. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onTransition(Transition step) {
        NotificationKind kind = kindOf(step);
        DataSubjectRequest request = DataSubjectRequest.findById(step.requestId());
        if (kind != null) {
            queue(request, kind, step.at());
        } else if (step.from() != step.to() && !step.to().isOpen()) {
            eraseAddressIfDone(request);
        }
    }

    /** Which mail a step sends: none for the steps the person is not told about by mail (approval, a confirmation...). */
    static NotificationKind kindOf(Transition step) {
        return switch (step.kind()) {
            case FILED -> NotificationKind.RECEIVED;
            case EXTENDED -> NotificationKind.EXTENDED;
            case REJECTED -> NotificationKind.REJECTED;
            case EXPORT_READY -> NotificationKind.EXPORT_READY;
            case RESTRICTION_LIFT_ANNOUNCED -> NotificationKind.RESTRICTION_LIFT;
            // An export's completion is told by its EXPORT_READY mail, queued in the same step.
            case COMPLETED, PARTIALLY_COMPLETED -> step.from() == step.to() || exportCompletion(step) ? null : NotificationKind.COMPLETED;
            default -> null;
        };
    }

    private static boolean exportCompletion(Transition step) {
        return (step.type() == RequestType.ACCESS || step.type() == RequestType.PORTABILITY)
                && DataSubjectRequest.SYSTEM_ACTOR.equals(step.actor());
    }

    private void queue(DataSubjectRequest request, NotificationKind kind, Instant at) {
        Notification notification = new Notification();
        notification.id = UUID.randomUUID();
        notification.requestId = request.id;
        notification.kind = kind;
        notification.language = request.language;
        notification.status = Notification.Status.PENDING;
        notification.attempts = 0;
        notification.createdAt = at;
        notification.nextAttemptAt = at;
        notification.persist();
    }

    /**
     * Erases the person's stored address once the request is closed, no restriction of it is in force (its lift will be
     * told) and no notification of it waits to be sent. The caller holds the request's row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseAddressIfDone(DataSubjectRequest request) {
        if (request.contactEmailCt != null && !request.status().isOpen() && !request.restricted
                && !Notification.anyPending(request.id)) {
            request.contactEmailCt = null;
        }
    }

    /** A notification as the request's view shows it: never a body or an address. */
    public record View(UUID id, NotificationKind kind, String language, Notification.Status status, int attempts,
                       Instant queuedAt, Instant nextAttemptAt, Instant sentAt, String lastError) {

        static View of(Notification n) {
            return new View(n.id, n.kind, n.language, n.status, n.attempts, n.createdAt,
                    n.status == Notification.Status.PENDING ? n.nextAttemptAt : null, n.sentAt, n.lastError);
        }
    }

    /** An undelivered notification on the officer's attention list, with its request. */
    public record Stuck(UUID requestId, UUID id, NotificationKind kind, Notification.Status status, int attempts,
                        Instant queuedAt, Instant nextAttemptAt, String lastError, String why) {
    }

    public List<View> of(UUID requestId) {
        return Notification.of(requestId).stream().map(View::of).toList();
    }

    /**
     * What the officer must know: mails that failed {@code attention-after-attempts} times or more (still retried) and
     * mails of open requests that cannot be sent for want of an address; oldest first.
     */
    @Transactional
    public List<Stuck> needingAttention(int page, int size) {
        List<Notification> found = Notification.find("(status = ?1 and attempts >= ?2) or (status = ?3 and requestId in "
                        + "(select r.id from DataSubjectRequest r where r.closedAt is null)) order by createdAt, id",
                Notification.Status.PENDING, config.attentionAfterAttempts(), Notification.Status.NO_ADDRESS)
                .page(page, size).list();
        return found.stream().map(n -> new Stuck(n.requestId, n.id, n.kind, n.status, n.attempts, n.createdAt,
                n.status == Notification.Status.PENDING ? n.nextAttemptAt : null, n.lastError,
                n.status == Notification.Status.PENDING
                        ? "not delivered after " + n.attempts + " attempts; retried" + (n.lastError == null ? "" : " (" + n.lastError + ")")
                        : "no address known for the person: tell them another way, or file again with contactEmail")).toList();
    }

    @Transactional
    public long countNeedingAttention() {
        return Notification.count("(status = ?1 and attempts >= ?2) or (status = ?3 and requestId in "
                        + "(select r.id from DataSubjectRequest r where r.closedAt is null))",
                Notification.Status.PENDING, config.attentionAfterAttempts(), Notification.Status.NO_ADDRESS);
    }

    /** The audit note of a notification: kind and id, never the address. */
    static String note(Notification n) {
        return n.kind + " notification " + n.id;
    }
}
