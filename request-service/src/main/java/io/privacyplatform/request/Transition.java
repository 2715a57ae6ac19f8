package io.privacyplatform.request;

import io.privacyplatform.contracts.request.RequestType;
import io.quarkus.arc.Arc;

import java.time.Instant;
import java.util.UUID;

/**
 * A step of a request, announced (as a CDI event, in the step's transaction) by {@link DataSubjectRequest#transition}
 * after its audit entry is written: every filing, approval, closure, confirmation, extension... passes here.
 * {@code service.RequestTransitions} observes it; whatever must follow every step (notifying the person) hooks there.
 * Ids and codes only, like the audit entry.
 */
public record Transition(UUID requestId, String subjectId, RequestType type, AuditKind kind, RequestStatus from,
                         RequestStatus to, String actor, Instant at) {

    Transition(DataSubjectRequest request, AuditEntry entry) {
        this(request.id, request.subjectId, request.type, entry.kind, entry.fromStatus, entry.toStatus, entry.actor, entry.at);
    }

    void announce() {
        Arc.container().beanManager().getEvent().select(Transition.class).fire(this);
    }
}
