package io.privacyplatform.request;

/** Where a request stands. Terminal states are final: a closed request never reopens. */
public enum RequestStatus {
    /** Received, waiting for the privacy officer. */
    FILED,
    /** Approved; the erasure order is out and confirmations are coming in. */
    IN_PROGRESS,
    /** Every expected system confirmed. */
    COMPLETED,
    /** Every expected system answered, at least one could not erase: see the receipt. */
    PARTIALLY_COMPLETED;

    public boolean isOpen() {
        return this == FILED || this == IN_PROGRESS;
    }
}
