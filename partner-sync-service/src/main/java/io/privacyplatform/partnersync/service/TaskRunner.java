package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.FieldResult;
import io.privacyplatform.partnersync.client.HubSpotAdapter;
import io.privacyplatform.partnersync.client.LocallyRateLimitedException;
import io.privacyplatform.partnersync.client.PartnerAdapter;
import io.privacyplatform.partnersync.client.PartnerGuards;
import io.privacyplatform.partnersync.client.PermanentPartnerException;
import io.privacyplatform.partnersync.client.RectificationValues;
import io.privacyplatform.partnersync.client.RequestServiceClient;
import io.privacyplatform.partnersync.client.StripeAdapter;
import io.privacyplatform.partnersync.client.SubjectContactClient;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.partnersync.client.TransientPartnerException;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs one claimed task against its partner, outside any transaction, behind the partner's circuit breaker (the
 * calls themselves pass the partner's rate limiter), and turns whatever happened into a {@link TaskOutcome}. Never
 * throws: a partner answering garbage is a retryable outcome like any other.
 */
@ApplicationScoped
public class TaskRunner {

    private final Map<String, PartnerAdapter> adapters;
    private final HubSpotAdapter hubSpot;
    private final StripeAdapter stripe;
    private final RequestServiceClient requestService;
    private final SubjectContactClient subjectContact;
    private final PartnerGuards guards;

    TaskRunner(Instance<PartnerAdapter> adapters, HubSpotAdapter hubSpot, StripeAdapter stripe,
               RequestServiceClient requestService, SubjectContactClient subjectContact, PartnerGuards guards) {
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(PartnerAdapter::partner, Function.identity()));
        this.hubSpot = hubSpot;
        this.stripe = stripe;
        this.requestService = requestService;
        this.subjectContact = subjectContact;
        this.guards = guards;
    }

    public TaskOutcome run(ClaimedTask task) {
        Supplier<TaskEvidence> work;
        try {
            work = work(task);
        } catch (PermanentPartnerException e) {
            return new TaskOutcome.Dead(e.status(), e.code(), e.reason(), e.deadReason());
        } catch (TransientPartnerException e) {
            // request-service did not give the rectification values: not the partner's failure (its breaker is left alone).
            return new TaskOutcome.Retryable(e.status(), e.code(), e.reason(), e.retryAfter());
        }
        try {
            return new TaskOutcome.Succeeded(guards.task(task.partner(), work, TaskEvidence.class));
        } catch (PermanentPartnerException e) {
            return new TaskOutcome.Dead(e.status(), e.code(), e.reason(), e.deadReason());
        } catch (TransientPartnerException e) {
            return new TaskOutcome.Retryable(e.status(), e.code(), e.reason(), e.retryAfter());
        } catch (LocallyRateLimitedException e) {
            return new TaskOutcome.NotAttempted(e.retryAfter(), "local rate limit", false);
        } catch (CircuitBreakerOpenException e) {
            return new TaskOutcome.NotAttempted(guards.breakerDelay(task.partner()), "circuit breaker open", true);
        } catch (RuntimeException e) {
            Log.warnf("Task %s at %s failed unexpectedly: %s", task.id(), task.partner(), SafeLog.describe(e));
            return new TaskOutcome.Retryable(0, null, "unexpected " + e.getClass().getSimpleName(), Optional.empty());
        }
    }

    private Supplier<TaskEvidence> work(ClaimedTask task) {
        if (task.kind() == TaskKind.UNSUBSCRIBE) {
            if (!Systems.HUBSPOT.equals(task.partner())) {
                throw unsupported(task, "unsubscribe is a HubSpot task");
            }
            return () -> hubSpot.unsubscribeAll(task.objectId());
        }
        if (task.kind() == TaskKind.RECTIFY) {
            return rectification(task);
        }
        if (task.kind() == TaskKind.LOOKUP) {
            return lookup(task);
        }
        PartnerAdapter adapter = adapters.get(task.partner());
        PartnerObjectType type = PartnerObjectType.of(task.partner(), task.objectType()).orElse(null);
        if (adapter == null || type == null) {
            throw unsupported(task, "no adapter for " + task.partner() + " " + task.objectType());
        }
        return () -> adapter.erase(type, task.objectId());
    }

    /**
     * Fetches the values first, outside the partner's circuit breaker (a request-service outage says nothing about the
     * partner); the values live in this call only.
     */
    private Supplier<TaskEvidence> rectification(ClaimedTask task) {
        PartnerObjectType type = PartnerObjectType.of(task.partner(), task.objectType()).orElse(null);
        if (task.rectification() == null
                || (type != PartnerObjectType.STRIPE_CUSTOMER && type != PartnerObjectType.HUBSPOT_CONTACT)) {
            throw unsupported(task, "no rectification for " + task.partner() + " " + task.objectType());
        }
        RectificationValues fetched = requestService.fetch(task.partner(), task.rectification().requestId(),
                task.rectification().orderId(), task.subjectId());
        java.util.Set<String> superseded = task.rectification().superseded();
        java.util.List<FieldResult> skipped = fetched.values().keySet().stream().filter(superseded::contains)
                .map(field -> new FieldResult(field, null, FieldResult.SUPERSEDED)).toList();
        if (skipped.isEmpty()) {
            return type == PartnerObjectType.STRIPE_CUSTOMER
                    ? () -> stripe.rectify(task.objectId(), fetched, task.idempotencyKey())
                    : () -> hubSpot.rectify(task.objectId(), fetched);
        }
        // A newer order already applied some fields to this object (this task ran late): send only the others.
        java.util.Map<String, String> current = new java.util.LinkedHashMap<>(fetched.values());
        current.keySet().removeAll(superseded);
        if (current.isEmpty()) {
            return () -> new TaskEvidence(TaskEvidence.SUPERSEDED, null,
                    "nothing sent: a newer rectification order already applied every field to this object", skipped);
        }
        RectificationValues values = new RectificationValues(fetched.requestId(), fetched.orderId(), fetched.subjectId(), current);
        Supplier<TaskEvidence> send = type == PartnerObjectType.STRIPE_CUSTOMER
                ? () -> stripe.rectify(task.objectId(), values, task.idempotencyKey())
                : () -> hubSpot.rectify(task.objectId(), values);
        return () -> {
            TaskEvidence sent = send.get();
            java.util.List<FieldResult> fields = new java.util.ArrayList<>(sent.fields());
            fields.addAll(skipped);
            return new TaskEvidence(sent.result(), sent.action(), sent.verification(), fields);
        };
    }

    /** The subject's addresses come from the owning service first, outside the partner's circuit breaker. */
    private Supplier<TaskEvidence> lookup(ClaimedTask task) {
        if (!Systems.STRIPE.equals(task.partner()) && !Systems.HUBSPOT.equals(task.partner())) {
            throw unsupported(task, "no lookup by email at " + task.partner());
        }
        java.util.List<String> emails = subjectContact.emails(task.partner(), task.subjectId());
        if (emails.isEmpty()) {
            return () -> new TaskEvidence(TaskEvidence.NO_CONTACT, "GET subject-contact /subjects/{id}/contact",
                    "the owning service holds no email for the subject: nothing to search");
        }
        return Systems.STRIPE.equals(task.partner()) ? () -> stripe.findByEmail(emails) : () -> hubSpot.findByEmail(emails);
    }

    private static PermanentPartnerException unsupported(ClaimedTask task, String reason) {
        return new PermanentPartnerException(task.partner(), 0, null, reason, DeadReason.UNSUPPORTED);
    }
}
