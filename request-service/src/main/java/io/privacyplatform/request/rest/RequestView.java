package io.privacyplatform.request.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.Directive;
import io.privacyplatform.request.IdentityCheckMethod;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.service.OrderTracking;
import io.privacyplatform.request.service.notification.Notifications;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One request as its subject (or the privacy officer) sees it: the body they sent, the deadline, what the
 * officer decided and why, the notices addressed to the subject, and the audit trail.
 *
 * @param dueOn      the deadline in force (extended or not)
 * @param firstDueOn receipt + one calendar month
 * @param notices    what the subject is told: an extension, a refusal with the right to complain to the CNIL,
 *                   the reasons of a partial completion, the lifting of a restriction
 * @param orders     a rectification or restriction: its order (and the lift of a restriction), with every
 *                   registered system's answer, as awaited, or as not concerned and why
 * @param notifications the mails to the person: kind, language, status, attempts, when queued and sent (never a
 *                      body or an address)
 * @param history    the audit trail, oldest first
 * @param fourEyes   for the officer, a request that needs two officers' approvals (four eyes): who gave the first
 *                   and whether it awaits the second
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestView(UUID id, String subjectId, RequestType type, RequestChannel channel, RequestStatus status,
                          String filedBy, Instant filedAt, LocalDate dueOn, LocalDate firstDueOn, Instant closedAt,
                          UUID duplicateOf, FileRequest details, IdentityCheck identityCheck, Extension extension,
                          Rejection rejection, List<String> outcomeReasons, Attention attention, Restriction restriction,
                          Directives deceasedDirectives, List<OrderTracking.OrderProgress> orders, List<Notice> notices,
                          List<Notifications.View> notifications, List<Entry> history, FourEyes fourEyes) {

    /**
     * Four eyes: {@code awaitingSecondOfficer} while FILED with a first approval; the second approver is neither the
     * officer who filed it nor the first approver.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FourEyes(boolean required, boolean awaitingSecondOfficer, String firstApprovedBy, Instant firstApprovedAt) {
    }

    public record IdentityCheck(IdentityCheckMethod method, String note) {
    }

    public record Extension(int months, String reason, String by, Instant at) {
    }

    /** A refusal: the legal ground, the officer's text, and where to complain. */
    public record Rejection(RejectionGround ground, String article, String description, String text, String complaint) {
    }

    public record Attention(Instant since, String reason) {
    }

    /** {@code liftAnnouncedAt}: the lift was decided and waits for the mail to the person (GDPR Art. 18(3)). */
    public record Restriction(boolean inForce, Instant liftAnnouncedAt, Instant liftedAt, String liftReason) {
    }

    /** For the officer handling a HEIR request: the deceased's directives, if any were recorded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Directives(Directive directive, FileRequest.Person designatedPerson, String instructions, Instant recordedAt) {
    }

    public record Notice(String kind, Instant at, String text) {
    }

    public record Entry(int seq, AuditKind kind, RequestStatus from, RequestStatus to, String actor, Instant at, String note) {
    }
}
