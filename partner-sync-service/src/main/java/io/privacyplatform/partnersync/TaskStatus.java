package io.privacyplatform.partnersync;

/** Life of an erasure task: PENDING until it succeeds (DONE) or the worker gives up (FAILED). */
public enum TaskStatus {
    PENDING,
    DONE,
    FAILED
}
