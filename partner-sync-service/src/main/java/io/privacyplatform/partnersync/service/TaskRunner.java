package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.client.LocallyRateLimitedException;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.client.PermanentPartnerException;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.partnersync.client.TransientPartnerException;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

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

    public TaskOutcome run(ClaimedTask task) {
        PartnerConnector connector;
        Supplier<TaskEvidence> work;
        try {
            connector = connectors.of(task.partner());
            work = prepare(task, connector);
        } catch (PermanentPartnerException e) {
            return new TaskOutcome.Dead(e.status(), e.code(), e.reason(), e.deadReason());
        } catch (TransientPartnerException e) {
            // Another service did not give what the task needs: not the partner's failure (its breaker is left alone).
            return new TaskOutcome.Retryable(e.status(), e.code(), e.reason(), e.retryAfter());
        }
        try {
            return new TaskOutcome.Succeeded(connector.gate().guarded(work, TaskEvidence.class));
        } catch (PermanentPartnerException e) {
            return new TaskOutcome.Dead(e.status(), e.code(), e.reason(), e.deadReason());
        } catch (TransientPartnerException e) {
            return new TaskOutcome.Retryable(e.status(), e.code(), e.reason(), e.retryAfter());
        } catch (LocallyRateLimitedException e) {
            return new TaskOutcome.NotAttempted(e.retryAfter(), "local rate limit", false);
        } catch (CircuitBreakerOpenException e) {
            return new TaskOutcome.NotAttempted(connector.gate().breakerDelay(), "circuit breaker open", true);
        } catch (RuntimeException e) {
            Log.warnf("Task %s at %s failed unexpectedly: %s", task.id(), task.partner(), SafeLog.describe(e));
            return new TaskOutcome.Retryable(0, null, "unexpected " + e.getClass().getSimpleName(), Optional.empty());
        }
    }

    private Supplier<TaskEvidence> prepare(ClaimedTask task, PartnerConnector connector) {
        TaskHandler handler = handlers.of(task.kind());
        PartnerObjectType type = PartnerObjectType.of(task.partner(), task.objectType())
                .filter(t -> t.supports(task.kind())).orElse(null);
        if (handler == null || type == null) {
            throw new PermanentPartnerException(task.partner(), 0, null,
                    "no " + task.kind() + " of " + task.partner() + " " + task.objectType(), DeadReason.UNSUPPORTED);
        }
        return handler.prepare(task, type, connector);
    }
}
