package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.request.RequestStatus;

import java.util.List;

/**
 * What the person's status page shows of ONE request (issue 14, item 2), dates already written in the page's language.
 * No other request's id, no subject id, no actor: only what the person needs to understand and act.
 *
 * @param token     the link's token, for the relative links to the export
 * @param lang      the page's language ({@code fr} or {@code en})
 * @param otherLang the language the switch link offers
 * @param receipt   for an erasure, each system's part (null otherwise)
 * @param export    for an ACCESS or PORTABILITY request once approved (null otherwise)
 */
public record StatusPage(String token, String lang, String otherLang, RequestType type, RequestStatus status, String receivedOn,
                         String dueOn, String firstDueOn, Extended extension, Rejection rejection,
                         List<String> outcomeReasons, List<ReceiptLine> receipt, Export export, List<Notice> notices,
                         String linkExpiresOn, String contact) {

    /** The deadline's extension (not named Extension: Qute's generated resolver of such a nested class clashes with its template extensions'). */
    public record Extended(int months, String reason) {
    }

    public record Rejection(RejectionGround ground, String article, String text) {
    }

    /**
     * One system's part in an erasure.
     *
     * @param outcome    ERASED, NOTHING_HELD, PARTIALLY_ERASED, FAILED, AWAITING, KEPT_UNDER_HOLD or RESOLVED_BY_HAND
     * @param kept       what the system keeps and why (GDPR Art. 17(3)), in the words the system or the company gave
     * @param categories RESOLVED_BY_HAND: what the privacy officer established (codes the page words)
     */
    public record ReceiptLine(String system, String outcome, List<String> kept, List<String> categories) {
    }

    /** @param state PENDING, READY or DELETED */
    public record Export(String state, String availableUntil) {
    }

    public record Notice(String kind, String on, String text) {
    }

    public boolean completed() {
        return status == RequestStatus.COMPLETED;
    }

    public boolean partiallyCompleted() {
        return status == RequestStatus.PARTIALLY_COMPLETED;
    }

    public boolean withdrawn() {
        return status == RequestStatus.WITHDRAWN;
    }
}
