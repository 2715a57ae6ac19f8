package io.privacyplatform.request.rest;

import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RefusedConfirmation;

import java.util.List;

/**
 * The officer's attention list: the page of open requests that need them (the fields of {@link Page}, unchanged) and,
 * next to it, the confirmations the gate refused: how many in all and the latest ones (all of them at
 * {@code GET /requests/attention/refused-confirmations}), and the requests one officer approved that wait for a second
 * (four eyes, {@code requests.four-eyes.enabled}; at most {@value #LATEST_AWAITING}, most urgent first).
 */
public record AttentionPage(List<RequestSummary> items, int page, int size, long total,
                            RefusedConfirmations refusedConfirmations, List<RequestSummary> awaitingSecondOfficer) {

    /** How many requests awaiting a second officer the list shows. */
    static final int LATEST_AWAITING = 50;

    /** How many refused confirmations the latest list shows. */
    static final int LATEST = 20;

    static final String EXAMPLE = """
            {"items":[{"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","subjectId":"usr-7f3a","type":"ERASURE","channel":"PLATFORM",
              "status":"IN_PROGRESS","filedAt":"2026-01-31T10:15:30.123456Z","dueOn":"2026-02-28","extended":false,
              "attention":"no answer from hubspot within 168h of the order"}],"page":0,"size":50,"total":1,
             "refusedConfirmations":{"total":1,"latest":[""" + RefusedConfirmationsResource.REFUSED + "]},\"awaitingSecondOfficer\":[]}";

    public record RefusedConfirmations(long total, List<RefusedConfirmationView> latest) {

        static RefusedConfirmations now() {
            return new RefusedConfirmations(RefusedConfirmation.count(),
                    RefusedConfirmation.latest(0, LATEST).stream().map(RefusedConfirmationView::of).toList());
        }
    }

    static AttentionPage of(Page<RequestSummary> requests) {
        return new AttentionPage(requests.items(), requests.page(), requests.size(), requests.total(), RefusedConfirmations.now(),
                DataSubjectRequest.awaitingSecondOfficer(LATEST_AWAITING).stream().map(r -> RequestSummary.of(r, true)).toList());
    }
}
