package io.privacyplatform.request.service.notification;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Notification;
import io.privacyplatform.request.NotificationKind;
import io.privacyplatform.request.client.SubjectContacts;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.request.service.FieldCipher;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.request.service.RequestService;
import io.privacyplatform.request.service.Sealed;
import io.privacyplatform.support.retry.Backoff;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends the queued notifications ({@link Notifications}). Each one is claimed in its own transaction with
 * {@code for update skip locked} and sent only while still PENDING, so two replicas (or two runs) never send one twice;
 * in that transaction a fresh person link is issued, the body rendered ({@link MailBodies}), the mail sent with the
 * blocking mailer, and the notification marked SENT with a {@code NOTICE_SENT} audit entry. A failure rolls all that
 * back (the link too) and keeps the notification PENDING with a doubling backoff: a mail server down delays, never
 * loses. Without an address the notification ends NO_ADDRESS (audited; the in-app notices remain). Logs carry ids,
 * kinds and error classes, never an address, a name or a text.
 */
@ApplicationScoped
public class NotificationSender {

    private final EntityManager entityManager;
    private final Notifications notifications;
    private final MailBodies bodies;
    private final PersonLinks links;
    private final SubjectContacts contacts;
    private final FieldCipher cipher;
    private final Mailer mailer;
    private final Deadlines deadlines;
    private final RequestsConfig.Notifications config;
    private final Backoff backoff;
    private final RequestService requests;

    NotificationSender(EntityManager entityManager, Notifications notifications, MailBodies bodies, PersonLinks links,
                       SubjectContacts contacts, FieldCipher cipher, Mailer mailer, Deadlines deadlines, RequestsConfig config,
                       RequestService requests) {
        this.requests = requests;
        this.entityManager = entityManager;
        this.notifications = notifications;
        this.bodies = bodies;
        this.links = links;
        this.contacts = contacts;
        this.cipher = cipher;
        this.mailer = mailer;
        this.deadlines = deadlines;
        this.config = config.notifications();
        this.backoff = new Backoff(this.config.initialBackoff(), this.config.maxBackoff(), 0, () -> 0);
    }

    /** What happened to one notification in one run. */
    public enum Outcome { SENT, NO_ADDRESS, RETRY, SKIPPED }

    @Scheduled(every = "${requests.notifications.send-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        sendDue();
        liftOverdue();
    }

    /** Lifts the restrictions whose mail could not be delivered within {@code lift-waits-at-most}; returns how many. */
    public int liftOverdue() {
        return requests.liftOverdue();
    }

    /**
     * Tries every notification due now (up to {@code batch}); returns how many it handled (sent, without address, or
     * failed and rescheduled), not counting those another run holds. Safe to run concurrently.
     */
    public int sendDue() {
        Instant now = deadlines.now();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery(
                        "select n.id from Notification n where n.status = :pending and n.nextAttemptAt <= :now "
                                + "order by n.nextAttemptAt, n.id", UUID.class)
                .setParameter("pending", Notification.Status.PENDING).setParameter("now", now)
                .setMaxResults(config.batch()).getResultList());
        int handled = 0;
        for (UUID id : due) {
            if (send(id) != Outcome.SKIPPED) {
                handled++;
            }
        }
        return handled;
    }

    /** One notification, if it is still pending, due, and no other run holds it. */
    public Outcome send(UUID notificationId) {
        // The address is found before any row is locked: the account datastores' lookup may take a while.
        Optional<Target> target = QuarkusTransaction.requiringNew().call(() -> target(notificationId));
        if (target.isEmpty()) {
            return Outcome.SKIPPED;
        }
        Address address = address(target.get());
        try {
            return QuarkusTransaction.requiringNew().call(() -> deliver(notificationId, address));
        } catch (RuntimeException e) {
            // Rolled back: no link issued, nothing marked; the notification waits for its next attempt.
            return failed(notificationId, errorCode(e));
        }
    }

    private record Target(UUID requestId, String subjectId, RequestType type, String contactEmailCt) {
        @Override
        public String toString() {
            return "Target[" + requestId + "]";
        }
    }

    /** Where a mail goes: an address, none known, or the lookup failed (retry). */
    private record Address(String email, boolean unknown, String lookupError) {
        @Override
        public String toString() {
            return "Address[" + (email != null ? "known" : unknown ? "unknown" : lookupError) + "]";
        }
    }

    private Optional<Target> target(UUID notificationId) {
        Notification n = Notification.findById(notificationId);
        if (n == null || n.status != Notification.Status.PENDING) {
            return Optional.empty();
        }
        DataSubjectRequest request = DataSubjectRequest.findById(n.requestId);
        return Optional.of(new Target(request.id, request.subjectId, request.type, request.contactEmailCt));
    }

    /**
     * The address given at filing or verified by the email channel, else the account's from the datastores (asked now,
     * never stored). A deceased's account is never written to: an heir's request without an address has none.
     */
    private Address address(Target target) {
        if (target.contactEmailCt() != null) {
            return new Address(cipher.decrypt(target.contactEmailCt(), Sealed.CONTACT_EMAIL.place(target.requestId())), false, null);
        }
        if (target.type() == RequestType.HEIR) {
            return new Address(null, true, null);
        }
        SubjectContacts.Answer answer = contacts.of(target.subjectId());
        if (answer instanceof SubjectContacts.Answer.Address found) {
            return new Address(found.email(), false, null);
        }
        if (answer instanceof SubjectContacts.Answer.Unavailable unavailable) {
            return new Address(null, false, unavailable.code());
        }
        return new Address(null, true, null);
    }

    private Outcome deliver(UUID notificationId, Address address) {
        Notification n = claim(notificationId);
        if (n == null) {
            return Outcome.SKIPPED;
        }
        if (address.lookupError() != null) {
            throw new AddressLookupFailed(address.lookupError());
        }
        DataSubjectRequest request = DataSubjectRequest.lock(n.requestId).orElseThrow();
        Instant now = deadlines.now();
        n.attempts++;
        if (address.unknown()) {
            n.status = Notification.Status.NO_ADDRESS;
            request.record(AuditKind.NOTICE_NO_ADDRESS, DataSubjectRequest.SYSTEM_ACTOR, now,
                    Notifications.note(n) + ": no address known");
            liftIfAnnounced(n, request, "no address known to tell the person");
            notifications.eraseAddressIfDone(request);
            Log.infof("Notification %s (%s) of request %s: no address known", n.id, n.kind, n.requestId);
            return Outcome.NO_ADDRESS;
        }
        PersonLinks.Link link = links.issue(request, DataSubjectRequest.SYSTEM_ACTOR);
        MailBodies.Mail body = bodies.render(n, request, link);
        mailer.send(Mail.withText(address.email(), body.subject(), body.text()));
        n.status = Notification.Status.SENT;
        n.sentAt = now;
        n.lastError = null;
        request.record(AuditKind.NOTICE_SENT, DataSubjectRequest.SYSTEM_ACTOR, now, Notifications.note(n) + " sent with link " + link.id());
        liftIfAnnounced(n, request, "the person was told by mail (notification " + n.id + ")");
        notifications.eraseAddressIfDone(request);
        return Outcome.SENT;
    }

    /** GDPR Art. 18(3): a restriction's lift order goes out once the person was told, or cannot be. */
    private void liftIfAnnounced(Notification n, DataSubjectRequest request, String why) {
        if (n.kind == NotificationKind.RESTRICTION_LIFT) {
            requests.liftAnnounced(request, why);
        }
    }

    /** Locks the notification if it is still pending and due and no other run holds it; null otherwise. */
    private Notification claim(UUID notificationId) {
        @SuppressWarnings("unchecked")
        List<Object> claimed = entityManager.createNativeQuery("select id from notification where id = ?1 and status = 'PENDING' "
                        + "and next_attempt_at <= ?2 for update skip locked")
                .setParameter(1, notificationId).setParameter(2, deadlines.now()).getResultList();
        if (claimed.isEmpty()) {
            return null;
        }
        return Notification.findById(notificationId);
    }

    private Outcome failed(UUID notificationId, String code) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Notification n = claim(notificationId);
            if (n == null) {
                return Outcome.SKIPPED;
            }
            n.attempts++;
            n.lastError = code;
            n.nextAttemptAt = deadlines.now().plus(backoff.delay(n.attempts, Optional.empty()));
            Log.warnf("Notification %s (%s) of request %s not sent (attempt %d, %s); next attempt at %s", n.id, n.kind,
                    n.requestId, n.attempts, code, n.nextAttemptAt);
            return Outcome.RETRY;
        });
    }

    /** The class of what failed, never its message (an SMTP error may quote the address). */
    private static String errorCode(Throwable e) {
        Throwable root = e;
        while (true) {
            if (root instanceof AddressLookupFailed lookup) {
                return lookup.code;
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        String code = "MAIL_" + root.getClass().getSimpleName();
        return code.length() > 64 ? code.substring(0, 64) : code;
    }

    /** The account datastores could not be asked for the address: try again later. */
    private static final class AddressLookupFailed extends RuntimeException {
        private final String code;

        AddressLookupFailed(String code) {
            super(code, null, false, false);
            this.code = code;
        }
    }
}
