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
 * outside any transaction) and the record ({@link #succeeded}, {@link #finished}, by {@link TaskStore}, in the
 * transaction that stores the result). One bean per kind; the engine looks the handler up by the task's kind.
 */
public interface TaskHandler {

    TaskKind kind();

    /**
     * Fetches what the run needs from elsewhere than the partner (outside the partner's circuit breaker: another
     * service being down says nothing about the partner), and returns the partner work, which the engine runs behind
     * the breaker by subscribing to it. The task's object type is known to support the kind. A kind that is not
     * {@link #nonBlocking()} returns {@link #blocking} work, and both its preparation and its work run on one of the
     * lane's threads.
     *
     * @throws io.privacyplatform.partnersync.client.PermanentPartnerException when the task cannot run
     * @throws io.privacyplatform.partnersync.client.TransientPartnerException when what it needs is not available now
     */
    Supplier<Uni<TaskEvidence>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector);

    /**
     * Whether neither {@link #prepare} nor its work ever blocks a thread: the engine then runs the kind's tasks on no
     * thread of their own, as many at once as the partner's rate limit lets through ({@code partners.<p>.max-in-flight}
     * bounds memory only); otherwise one task per lane thread ({@code partners.<p>.concurrency}).
     */
    default boolean nonBlocking() {
        return false;
    }

    /** Partner work made of blocking calls: run where it is subscribed to (a lane thread). */
    static Supplier<Uni<TaskEvidence>> blocking(Supplier<TaskEvidence> calls) {
        return () -> Uni.createFrom().item(calls);
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
