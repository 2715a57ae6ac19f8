package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.client.LocallyRateLimitedException;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.client.PartnerException;
import io.privacyplatform.partnersync.client.PermanentPartnerException;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.partnersync.client.TransientPartnerException;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one claimed task, outside any transaction: the handler of its kind prepares the work, which runs behind the
 * partner's circuit breaker (the calls themselves pass the partner's rate limiter), and whatever happened becomes a
 * {@link TaskOutcome}. A task whose object type does not support its kind ({@link PartnerObjectType}) goes DEAD as
 * unsupported. Never throws: a partner answering garbage is a retryable outcome like any other.
 */
@ApplicationScoped
public class TaskRunner {

    private final TaskHandlers handlers;
    private final PartnerConnectors connectors;

    TaskRunner(TaskHandlers handlers, PartnerConnectors connectors) {
        this.handlers = handlers;
        this.connectors = connectors;
    }

    /**
     * The run of one task, started when the returned Uni is subscribed to; it holds no thread while it waits (for
     * another service, a permit or the partner). Never fails, but for an unexpected exception of the preparation: the
     * task then stays leased and runs again when the lease expires.
     */
    public Uni<TaskOutcome> run(ClaimedTask task) {
        return Uni.createFrom().deferred(() -> {
            PartnerConnector connector = connectors.of(task.partner());
            return prepare(task, connector)
                    .onItem().transformToUni(work -> connector.gate().guarded(work)
                            .<TaskOutcome>map(TaskOutcome.Succeeded::new)
                            .onFailure().recoverWithItem(e -> outcomeOf(task, connector, e)))
                    .onFailure(PartnerException.class).recoverWithItem(e -> preparationFailed((PartnerException) e));
        });
    }

    /** Another service did not give what the task needs: not the partner's failure (its breaker is left alone). */
    private static TaskOutcome preparationFailed(PartnerException failure) {
        if (failure instanceof PermanentPartnerException e) {
            return new TaskOutcome.Dead(e.status(), e.code(), e.reason(), e.deadReason());
        }
        TransientPartnerException e = (TransientPartnerException) failure;
        return new TaskOutcome.Retryable(e.status(), e.code(), e.reason(), e.retryAfter());
    }

    private static TaskOutcome outcomeOf(ClaimedTask task, PartnerConnector connector, Throwable failure) {
        if (failure instanceof PermanentPartnerException e) {
            return new TaskOutcome.Dead(e.status(), e.code(), e.reason(), e.deadReason());
        }
        if (failure instanceof TransientPartnerException e) {
            return new TaskOutcome.Retryable(e.status(), e.code(), e.reason(), e.retryAfter());
        }
        if (failure instanceof LocallyRateLimitedException e) {
            return new TaskOutcome.NotAttempted(e.retryAfter(), "local rate limit", false);
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return new TaskOutcome.NotAttempted(connector.gate().breakerDelay(), "circuit breaker open", true);
        }
        Log.warnf("Task %s at %s failed unexpectedly: %s", task.id(), task.partner(), SafeLog.describe(failure));
        return new TaskOutcome.Retryable(0, null, "unexpected " + failure.getClass().getSimpleName(), Optional.empty());
    }

    /** The kinds this version runs. */
    public List<String> kinds() {
        return handlers.runnable();
    }

    private Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerConnector connector) {
        TaskHandler handler = handlers.of(task.kind());
        PartnerObjectType type = PartnerObjectType.of(task.partner(), task.objectType())
                .filter(t -> t.supports(task.kind())).orElse(null);
        if (handler == null || type == null) {
            return Uni.createFrom().failure(new PermanentPartnerException(task.partner(), 0, null,
                    "no " + task.kind() + " of " + task.partner() + " " + task.objectType(), DeadReason.UNSUPPORTED));
        }
        return Uni.createFrom().deferred(() -> handler.prepare(task, type, connector));
    }
}
