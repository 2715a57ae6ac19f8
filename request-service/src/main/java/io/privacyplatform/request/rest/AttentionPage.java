package io.privacyplatform.request.rest;

import io.privacyplatform.request.RefusedConfirmation;

import java.util.List;

/**
 * The officer's attention list: the page of open requests that need them (the fields of {@link Page}, unchanged) and,
 * next to it, the confirmations the gate refused: how many in all and the latest ones (all of them at
 * {@code GET /requests/attention/refused-confirmations}).
 */
public record AttentionPage(List<RequestSummary> items, int page, int size, long total,
                            RefusedConfirmations refusedConfirmations) {

    /** How many refused confirmations the latest list shows. */
    static final int LATEST = 20;

    public record RefusedConfirmations(long total, List<RefusedConfirmationView> latest) {

        static RefusedConfirmations now() {
            return new RefusedConfirmations(RefusedConfirmation.count(),
                    RefusedConfirmation.latest(0, LATEST).stream().map(RefusedConfirmationView::of).toList());
        }
    }

    static AttentionPage of(Page<RequestSummary> requests) {
        return new AttentionPage(requests.items(), requests.page(), requests.size(), requests.total(), RefusedConfirmations.now());
    }
}
