package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * What one {@link TaskKind} does, in both halves of the task engine: the run ({@link #prepare}, by {@link TaskRunner},
 * outside any transaction and on no thread of its own) and the record ({@link #succeeded}, {@link #finished}, by
 * {@link TaskStore}, in the transaction that stores the result). One bean per kind; the engine looks the handler up by the task's kind.
 */
public interface TaskHandler {

    TaskKind kind();

    /**
     * Fetches what the run needs from elsewhere than the partner (outside the partner's circuit breaker: another
     * service being down says nothing about the partner), and gives the partner work, which the engine runs behind
     * the breaker by subscribing to it. The task's object type is known to support the kind. Neither the preparation
     * nor the work may block a thread: the engine runs a partner's tasks on none, as many at once as its rate limit
     * lets through ({@code partners.<p>.max-in-flight} bounds memory only).
     *
     * @return the work, or a {@link io.privacyplatform.partnersync.client.PermanentPartnerException} when the task
     *         cannot run, a {@link io.privacyplatform.partnersync.client.TransientPartnerException} when what it needs
     *         is not available now
     */
    Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector);

    /** Partner work that needs nothing from elsewhere. */
    static Uni<Supplier<Uni<TaskEvidence>>> ready(Supplier<Uni<TaskEvidence>> work) {
        return Uni.createFrom().item(() -> work); // item(work) would take the work for the supplier of the item
    }

    /** A run succeeded: what else changes with it, and the evidence to store (by default as the run returned it). */
    default TaskEvidence succeeded(PartnerTask task, TaskEvidence evidence, Instant now) {
        return evidence;
    }

    /**
     * The task has just reached a final state (DONE or DEAD, or RESOLVED_MANUALLY by an operator): its order may be
     * complete now.
     */
    default void finished(PartnerTask task) {
    }

    /** {@link #finished} of several tasks of this kind that reached a final state in one transaction (a batch). */
    default void finishedAll(java.util.List<PartnerTask> tasks) {
        tasks.forEach(this::finished);
    }

    /**
     * An operator retried or resolved the DEAD task: its order, if already confirmed, is confirmed again once its
     * tasks are all finished.
     */
    default void reopened(PartnerTask task) {
    }
}
