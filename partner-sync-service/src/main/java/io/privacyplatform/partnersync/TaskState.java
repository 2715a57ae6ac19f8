package io.privacyplatform.partnersync;

/**
 * Life of a partner task: PENDING (due at {@code next_attempt_at}) → IN_FLIGHT (claimed by a worker until its lease
 * runs out) → DONE, or back to PENDING after a retryable failure, or DEAD (not retryable, or out of retries). An
 * operator can put a DEAD task back to PENDING, or close it as RESOLVED_MANUALLY with a note.
 */
public enum TaskState {
    PENDING,
    IN_FLIGHT,
    DONE,
    DEAD,
    RESOLVED_MANUALLY;

    /** No worker will touch the task again (until an operator retries a DEAD one). */
    public boolean finished() {
        return this == DONE || this == DEAD || this == RESOLVED_MANUALLY;
    }
}
