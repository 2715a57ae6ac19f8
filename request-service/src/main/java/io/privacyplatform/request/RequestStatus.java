package io.privacyplatform.request;

/**
 * Where a request stands. A closed request never reopens; a partially completed erasure becomes completed
 * when the system that failed confirms later (after a retry or a manual resolution).
 */
public enum RequestStatus {
    /** Received, waiting for the privacy officer. */
    FILED,
    /** Approved; the erasure order is out and confirmations are coming in. */
    IN_PROGRESS,
    /** Every expected system confirmed. */
    COMPLETED,
    /** Every expected system answered, at least one could not erase: see the receipt; a person must act. */
    PARTIALLY_COMPLETED;

    public boolean isOpen() {
        return this == FILED || this == IN_PROGRESS;
    }
}
