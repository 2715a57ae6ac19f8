package io.privacyplatform.request.service;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.request.RequestDetails;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.approval.ApprovalHandler;
import io.privacyplatform.request.service.approval.Approvals;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The decisions on a filed request: approval (executed by the {@link ApprovalHandler} of its type), rejection,
 * withdrawal, extension, completion, lifting a restriction, and the reads of rectification values. Each takes the
 * request's row lock; the request changes through {@link DataSubjectRequest#transition}, which writes the audit
 * entry; events go through the outbox in the same transaction. Filing is {@link RequestFiling}, lists
 * {@link RequestQueries}, decryption {@link RequestSecrets}.
 */
@ApplicationScoped
public class RequestService {

    private final Deadlines deadlines;
    private final RequestSecrets secrets;
    private final ConfirmedOrders confirmedOrders;
    private final OrderTracking orders;
    private final Approvals approvals;
    private final RequestsConfig.Notifications notifications;
    private final boolean fourEyes;

    RequestService(Deadlines deadlines, RequestSecrets secrets, ConfirmedOrders confirmedOrders, OrderTracking orders,
                   Approvals approvals, RequestsConfig config) {
        this.notifications = config.notifications();
        this.fourEyes = config.fourEyes().enabled();
        this.deadlines = deadlines;
        this.secrets = secrets;
        this.confirmedOrders = confirmedOrders;
        this.orders = orders;
        this.approvals = approvals;
    }

    /**
     * The privacy officer approves a filed request, and it is executed as its type requires: an erasure order
     * (ERASURE; HEIR when the directives or the heir's ask call for it), a rectification order, a restriction order
     * (each completes when every expected system confirmed), the directives recorded; ACCESS and PORTABILITY start an
     * export job (the request completes when the export is ready); OBJECTION stays in progress until the officer
     * completes it.
     * <p>
     * Four eyes ({@code requests.four-eyes.enabled}): an erasure filed on someone's behalf or an heir's request cannot be
     * undone once ordered, so the first officer's approval is only recorded ({@link DataSubjectRequest#approveFirst}) and
     * the request executes on the approval of a second officer, neither the one who filed it nor the first approver
     * (409 otherwise).
     */
    @Transactional
    public DataSubjectRequest approve(UUID requestId, String officer) {
        DataSubjectRequest request = locked(requestId);
        if (request.status() != RequestStatus.FILED) {
            throw Problems.conflict("Request " + requestId + " is " + request.status() + "; only FILED requests can be approved.");
        }
        Instant now = deadlines.now();
        String firstApproval = null;
        if (fourEyes && request.isIrreversibleOnBehalf()) {
            if (request.firstApprovedBy() == null) {
                request.approveFirst(officer, now);
                return request;
            }
            String refusal = request.secondApproverRefusal(officer);
            if (refusal != null) {
                throw Problems.conflict(refusal);
            }
            firstApproval = "second approval (four eyes); first by " + request.firstApprovedBy() + " at " + request.firstApprovedAt();
        }
        ApprovalHandler.Approval approval = approvals.execute(request, secrets.details(request), now);
        request.transition(AuditKind.APPROVED, RequestStatus.IN_PROGRESS, officer, now,
                firstApproval == null ? approval.note() : firstApproval + (approval.note() == null ? "" : "; " + approval.note()));
        if (approval.completion() != null) {
            request.transition(AuditKind.COMPLETED, RequestStatus.COMPLETED, DataSubjectRequest.SYSTEM_ACTOR, now, approval.completion());
        }
        return request;
    }

    /** Refuses a request nothing was executed for yet, on a legal ground, with a text the subject reads. */
    @Transactional
    public DataSubjectRequest reject(UUID requestId, String officer, RejectionGround ground, String text) {
        DataSubjectRequest request = locked(requestId);
        if (!request.isUndecided()) {
            throw Problems.conflict("Request " + requestId + " is " + request.status()
                    + (request.status().isOpen() ? " and its order is out" : "") + "; only a request nothing was executed for can be rejected.");
        }
        if (!ground.appliesTo(request.type)) {
            throw Problems.unprocessable(ground + " (" + ground.article()
                    + ") is an exemption from erasure; it cannot refuse a " + request.type + " request.",
                    List.of(new Problem.FieldError("ground", "an Art. 17(3) ground applies to ERASURE and HEIR requests only")));
        }
        request.rejectionGround = ground;
        request.rejectionTextCt = secrets.seal(request, Sealed.REJECTION_TEXT, text);
        request.transition(AuditKind.REJECTED, RequestStatus.REJECTED, officer, deadlines.now(), ground + " (" + ground.article() + ")");
        return request;
    }

    /** The subject takes back a request nothing was executed for yet. */
    @Transactional
    public DataSubjectRequest withdraw(UUID requestId, String actor) {
        DataSubjectRequest request = locked(requestId);
        if (!request.isUndecided()) {
            throw Problems.conflict("Request " + requestId + " is " + request.status()
                    + (request.status().isOpen() ? " and its order is out" : "") + "; it can no longer be withdrawn.");
        }
        request.transition(AuditKind.WITHDRAWN, RequestStatus.WITHDRAWN, actor, deadlines.now(), null);
        return request;
    }

    /**
     * GDPR Art. 12(3): one extension, by one or two further months counted from receipt, decided with a reason
     * before the first deadline passes; the subject reads it on the request.
     */
    @Transactional
    public DataSubjectRequest extend(UUID requestId, String officer, int months, String reason) {
        DataSubjectRequest request = locked(requestId);
        if (!request.status().isOpen()) {
            throw Problems.conflict("Request " + requestId + " is " + request.status() + "; only open requests can be extended.");
        }
        if (request.extendedMonths != null) {
            throw Problems.conflict("Request " + requestId + " was already extended (to " + request.dueOn
                    + "); GDPR Art. 12(3) allows one extension.");
        }
        if (deadlines.today().isAfter(request.firstDueOn)) {
            throw Problems.unprocessable("The first deadline (" + request.firstDueOn
                    + ") has passed: an extension must be decided and told to the subject within the first month (GDPR Art. 12(3)).",
                    List.of(new Problem.FieldError("months", "an extension is possible only until the first deadline")));
        }
        Instant now = deadlines.now();
        request.extendedMonths = months;
        request.extendedAt = now;
        request.extendedBy = officer;
        request.extensionReasonCt = secrets.seal(request, Sealed.EXTENSION_REASON, reason);
        request.dueOn = deadlines.extendedDueOn(request.filedAt, months);
        request.record(AuditKind.EXTENDED, officer, now, "by " + months + " month(s) to " + request.dueOn);
        return request;
    }

    /**
     * The privacy officer closes a request in progress: completed, or partially completed with the reasons the
     * subject reads. A request whose order some expected system has not confirmed can only close partially.
     */
    @Transactional
    public DataSubjectRequest complete(UUID requestId, String officer, boolean partially, List<String> reasons) {
        DataSubjectRequest request = locked(requestId);
        if (request.status() != RequestStatus.IN_PROGRESS) {
            throw Problems.conflict("Request " + requestId + " is " + request.status() + "; only IN_PROGRESS requests can be completed.");
        }
        boolean noReasons = reasons == null || reasons.isEmpty();
        if (partially && noReasons) {
            throw Problems.invalid("A partial completion states its reasons.",
                    List.of(new Problem.FieldError("reasons", "is required for PARTIALLY_COMPLETED")));
        }
        List<String> awaiting = confirmedOrders.awaiting(request);
        if (!partially && !awaiting.isEmpty()) {
            throw Problems.conflict("Systems " + String.join(", ", awaiting) + " have not confirmed the order; "
                    + "close it as PARTIALLY_COMPLETED with the reasons, or wait.");
        }
        if (!noReasons) {
            secrets.sealOutcomeReasons(request, reasons);
        }
        request.transition(partially ? AuditKind.PARTIALLY_COMPLETED : AuditKind.COMPLETED,
                partially ? RequestStatus.PARTIALLY_COMPLETED : RequestStatus.COMPLETED, officer, deadlines.now(),
                "closed by the privacy officer" + (noReasons ? "" : "; " + reasons.size() + " reason(s)")
                        + (awaiting.isEmpty() ? "" : "; no answer from " + String.join(",", awaiting)));
        return request;
    }

    /**
     * The officer decides to end the restriction of an approved RESTRICTION request. GDPR Art. 18(3): the person is
     * informed before it is lifted, so this announces it (the RESTRICTION_LIFT mail is queued in this step) and the lift
     * order follows ({@link #liftAnnounced}) once that mail is sent, or no address is known, or
     * {@code requests.notifications.lift-waits-at-most} has passed.
     */
    @Transactional
    public DataSubjectRequest liftRestriction(UUID requestId, String officer, String reason) {
        DataSubjectRequest request = locked(requestId);
        if (request.type != RequestType.RESTRICTION || !request.restricted) {
            throw Problems.conflict("Request " + requestId + " has no restriction in force"
                    + (request.type != RequestType.RESTRICTION ? " (it is a " + request.type + " request)" : "") + ".");
        }
        if (request.liftAnnouncedAt != null) {
            throw Problems.conflict("The lift of request " + requestId + "'s restriction was decided on " + request.liftAnnouncedAt
                    + "; it goes out once the person is told (GDPR Art. 18(3)).");
        }
        Instant now = deadlines.now();
        request.liftAnnouncedAt = now;
        request.restrictionLiftCt = secrets.seal(request, Sealed.RESTRICTION_LIFT, reason);
        request.record(AuditKind.RESTRICTION_LIFT_ANNOUNCED, officer, now, "the person is told first (GDPR Art. 18(3)); "
                + "the lift order follows, at the latest " + now.plus(notifications.liftWaitsAtMost()));
        return request;
    }

    /**
     * Ends an announced restriction: {@code restriction-changed} with restricted=false and its own order id, whose
     * confirmations are recorded; the request's status stays as it is. {@code why} says what released it. The caller
     * holds the request's row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void liftAnnounced(DataSubjectRequest request, String why) {
        if (!request.restricted || request.liftAnnouncedAt == null) {
            return;
        }
        RequestDetails.Restriction restriction = secrets.details(request, RequestDetails.Restriction.class);
        Instant now = deadlines.now();
        request.restrictionLiftedAt = now;
        request.record(AuditKind.RESTRICTION_LIFTED, DataSubjectRequest.SYSTEM_ACTOR, now, why + "; "
                + orders.orderLift(request, restriction.ground(), now));
    }

    /** Lifts the restrictions whose mail could not be delivered within {@code lift-waits-at-most}; returns how many. */
    @Transactional
    public int liftOverdue() {
        Instant now = deadlines.now();
        List<UUID> overdue = DataSubjectRequest.<DataSubjectRequest>list("restricted = true and liftAnnouncedAt <= ?1",
                now.minus(notifications.liftWaitsAtMost())).stream().map(r -> r.id).toList();
        overdue.forEach(id -> liftAnnounced(locked(id), "the mail to the person was not delivered within "
                + notifications.liftWaitsAtMost().toHours() + "h; lifted anyway"));
        return overdue.size();
    }

    /**
     * The values of an approved rectification, for a platform service applying it (partner-sync-service); each
     * read is recorded in the audit trail (who read which subject's data, policy §10).
     */
    @Transactional
    public RectificationRead readRectification(UUID requestId, String reader) {
        DataSubjectRequest request = DataSubjectRequest.lock(requestId)
                .filter(r -> r.type == RequestType.RECTIFICATION)
                .orElseThrow(() -> Problems.notFound("No rectification request " + requestId + "."));
        if (request.rectificationOrderId == null) {
            throw Problems.conflict("Rectification request " + requestId + " is " + request.status()
                    + "; values are served once it is approved.");
        }
        request.record(AuditKind.VALUES_READ, reader, deadlines.now(),
                "rectification values read for order " + request.rectificationOrderId);
        return new RectificationRead(request, secrets.details(request, RequestDetails.Rectification.class));
    }

    public record RectificationRead(DataSubjectRequest request, RequestDetails.Rectification values) {
    }

    private static DataSubjectRequest locked(UUID requestId) {
        return DataSubjectRequest.lock(requestId).orElseThrow(() -> Problems.notFound("No request " + requestId + "."));
    }
}
