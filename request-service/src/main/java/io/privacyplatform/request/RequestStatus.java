package io.privacyplatform.request;

import java.util.List;

/**
 * Where a request stands. FILED and IN_PROGRESS are open; the others are terminal, except that a partially
 * completed erasure becomes completed when the system that failed confirms later (after a retry or a
 * manual resolution).
 */
public enum RequestStatus {
    /** Received, waiting for the privacy officer. */
    FILED,
    /** Approved; an order is out and confirmations are coming in, or the officer is handling it. */
    IN_PROGRESS,
    /** Done: every expected system confirmed, or the officer answered in full. */
    COMPLETED,
    /** Done in part: the reasons are on the request (a system could not erase, a part was refused...). */
    PARTIALLY_COMPLETED,
    /** Refused on a legal ground (GDPR Art. 12(5) or 17(3)), with the reasons and the right to complain to the CNIL. */
    REJECTED,
    /** Withdrawn by the subject before anything went out. */
    WITHDRAWN;

    public static final List<RequestStatus> OPEN = List.of(FILED, IN_PROGRESS);

    public boolean isOpen() {
        return OPEN.contains(this);
    }
}
