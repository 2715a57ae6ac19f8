package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.LegalHold;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A legal hold as the privacy officer sees it. */
public record HoldView(UUID id, String subjectId, boolean allPurposes, List<String> purposes, String reason,
                       String placedBy, Instant placedAt, Instant until, Instant liftedAt, String liftedBy,
                       boolean active) {

    static HoldView of(LegalHold hold, Instant now) {
        return new HoldView(hold.id, hold.subjectId, hold.allPurposes, List.copyOf(hold.purposeSet()), hold.reason,
                hold.placedBy, hold.placedAt, hold.heldUntil, hold.liftedAt, hold.liftedBy, hold.activeAt(now));
    }
}
