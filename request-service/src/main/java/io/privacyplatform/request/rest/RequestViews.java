package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.AuditEntry;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.ExportSlice;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.OrderTracking;
import io.privacyplatform.request.service.RequestSecrets;
import io.privacyplatform.request.service.Sealed;
import io.privacyplatform.request.service.SubjectDirectives;
import io.privacyplatform.request.service.export.ExportJobs;
import io.privacyplatform.request.service.notification.Notifications;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link RequestView}: decrypts what the caller may read and writes the notices addressed to the subject
 * (a linked duplicate, an extension, a refusal with the right to complain to the CNIL, a partial completion,
 * a lifted restriction).
 */
@ApplicationScoped
public class RequestViews {

    static final String CNIL_COMPLAINT = "You may lodge a complaint with the CNIL (Commission nationale de l'informatique "
            + "et des libertés, https://www.cnil.fr/fr/plaintes) and seek a judicial remedy (GDPR Art. 77 and 79).";

    private final RequestSecrets secrets;
    private final SubjectDirectives subjectDirectives;
    private final ExportJobs exports;
    private final OrderTracking orders;
    private final Notifications notifications;
    private final boolean fourEyes;

    RequestViews(RequestSecrets secrets, SubjectDirectives subjectDirectives, ExportJobs exports, OrderTracking orders,
                 Notifications notifications, RequestsConfig config) {
        this.notifications = notifications;
        this.fourEyes = config.fourEyes().enabled();
        this.secrets = secrets;
        this.subjectDirectives = subjectDirectives;
        this.exports = exports;
        this.orders = orders;
    }

    /** The request as the caller may see it: the officer also sees the attention reason and, for heirs, the deceased's directives. */
    public RequestView of(DataSubjectRequest r, boolean officer) {
        List<RequestView.Notice> notices = new ArrayList<>();
        if (r.duplicateOf != null) {
            notices.add(new RequestView.Notice("DUPLICATE", r.filedAt, "This request repeats open request " + r.duplicateOf
                    + "; both are answered together."));
        }
        RequestView.Extension extension = null;
        if (r.extendedMonths != null) {
            String reason = secrets.reveal(r, Sealed.EXTENSION_REASON, r.extensionReasonCt);
            extension = new RequestView.Extension(r.extendedMonths, reason, r.extendedBy, r.extendedAt);
            notices.add(new RequestView.Notice("EXTENDED", r.extendedAt, "Your request needs more time: the deadline is extended by "
                    + r.extendedMonths + " month(s), to " + r.dueOn + " (GDPR Art. 12(3)). Reason: " + reason));
        }
        RequestView.Rejection rejection = null;
        if (r.rejectionGround != null) {
            String text = secrets.reveal(r, Sealed.REJECTION_TEXT, r.rejectionTextCt);
            rejection = new RequestView.Rejection(r.rejectionGround, r.rejectionGround.article(),
                    r.rejectionGround.description(), text, CNIL_COMPLAINT);
            notices.add(new RequestView.Notice("REJECTED", r.closedAt(), "Your request is refused: "
                    + r.rejectionGround.description() + " (" + r.rejectionGround.article() + ") " + text + " " + CNIL_COMPLAINT));
        }
        List<String> reasons = r.status() == RequestStatus.PARTIALLY_COMPLETED ? secrets.outcomeReasons(r) : null;
        if (reasons != null && !reasons.isEmpty()) {
            notices.add(new RequestView.Notice("PARTIALLY_COMPLETED", r.closedAt(),
                    "Your request was completed in part: " + String.join(" ", reasons)));
        }
        RequestView.Restriction restriction = null;
        if (r.type == RequestType.RESTRICTION && (r.restricted || r.restrictionLiftedAt != null)) {
            String liftReason = secrets.reveal(r, Sealed.RESTRICTION_LIFT, r.restrictionLiftCt);
            restriction = new RequestView.Restriction(r.restricted, r.liftAnnouncedAt, r.restrictionLiftedAt, liftReason);
            if (r.restricted && r.liftAnnouncedAt != null) {
                notices.add(new RequestView.Notice("RESTRICTION_LIFT_ANNOUNCED", r.liftAnnouncedAt,
                        "The restriction of processing will be lifted once you are told by mail (GDPR Art. 18(3)): " + liftReason));
            }
            if (r.restrictionLiftedAt != null) {
                notices.add(new RequestView.Notice("RESTRICTION_LIFTED", r.restrictionLiftedAt,
                        "The restriction of processing was lifted (GDPR Art. 18(3)): " + liftReason));
            }
        }
        exports.job(r).filter(job -> job.status != ExportJob.Status.CANCELLED).ifPresent(job -> notices.add(exportNotice(job)));
        RequestView.IdentityCheck identityCheck = r.identityCheck == null ? null : new RequestView.IdentityCheck(r.identityCheck,
                secrets.reveal(r, Sealed.IDENTITY_CHECK, r.identityCheckCt));
        RequestView.Attention attention = officer && r.attentionSince != null
                ? new RequestView.Attention(r.attentionSince, r.attentionReason) : null;
        RequestView.Directives directives = officer && r.type == RequestType.HEIR
                ? subjectDirectives.current(r.subjectId).map(d -> new RequestView.Directives(d.directive(),
                FileRequest.Person.of(d.details().designatedPerson()), d.details().instructions(), d.recordedAt())).orElse(null)
                : null;
        if (r.bodyPurgedAt != null) {
            notices.add(new RequestView.Notice("BODY_DELETED", r.bodyPurgedAt, "What this request asked was deleted after it "
                    + "closed (retention rule request-bodies-after-closing); its decision and audit trail are kept as proof."));
        }
        List<OrderTracking.OrderProgress> progress = orders.progress(r);
        List<RequestView.Entry> history = AuditEntry.of(r.id).stream()
                .map(e -> new RequestView.Entry(e.seq, e.kind, e.fromStatus, e.toStatus, e.actor, e.at, e.note))
                .toList();
        return new RequestView(r.id, r.subjectId, r.type, r.channel, r.status(), r.filedBy, r.filedAt, r.dueOn, r.firstDueOn,
                r.closedAt(), r.duplicateOf, r.bodyPurgedAt == null ? FileRequest.of(secrets.details(r)) : null, identityCheck, extension, rejection, reasons, attention,
                restriction, directives, progress.isEmpty() ? null : progress, notices, notifications.of(r.id), history,
                officer ? fourEyes(r) : null);
    }

    private RequestView.FourEyes fourEyes(DataSubjectRequest r) {
        boolean required = fourEyes && r.isIrreversibleOnBehalf();
        if (!required && r.firstApprovedBy() == null) {
            return null;
        }
        return new RequestView.FourEyes(required, required && r.status() == RequestStatus.FILED && r.firstApprovedBy() != null,
                r.firstApprovedBy(), r.firstApprovedAt());
    }

    /** Never a silent partial export: while pending, the subject and the officer read which service is missing. */
    private static RequestView.Notice exportNotice(ExportJob job) {
        if (job.status == ExportJob.Status.EXPIRED) {
            return new RequestView.Notice("EXPORT_DELETED", job.linkExpiresAt != null ? job.linkExpiresAt : job.readyAt,
                    "Your export was deleted once its download link expired (retention rule export-document-expired); "
                    + "file a new request for a fresh copy.");
        }
        if (job.status == ExportJob.Status.READY) {
            return new RequestView.Notice("EXPORT_READY", job.readyAt, "Your export is ready: ask for a download link "
                    + "(POST /requests/" + job.requestId + "/export/link), valid for a limited time; JSON, HTML or CSV.");
        }
        List<String> waiting = ExportSlice.of(job.requestId).stream().filter(s -> s.status != ExportSlice.Status.RECEIVED)
                .map(s -> s.service + (s.lastError == null ? "" : " (" + s.lastError + ")")).toList();
        return new RequestView.Notice("EXPORT_PENDING", job.createdAt, "Your export is being assembled; still waiting for: "
                + String.join(", ", waiting) + ". Nothing is sent until every part is in.");
    }
}
