package io.privacyplatform.request.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.Transition;
import io.privacyplatform.request.service.notification.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every step of every request arrives here, in its transaction, once its audit entry is written
 * ({@link io.privacyplatform.request.DataSubjectRequest#transition} announces it). What must follow each step
 * hooks in here: the filing counter, and the mails to the person (a filing received, an extension, a refusal, a
 * completion, an export ready, a restriction lifted), queued in the step's own transaction so that a step that rolls
 * back mails nothing and one that commits cannot lose its mail ({@link Notifications}).
 */
@ApplicationScoped
public class RequestTransitions {

    private final MeterRegistry meters;
    private final Notifications notifications;

    RequestTransitions(MeterRegistry meters, Notifications notifications) {
        this.meters = meters;
        this.notifications = notifications;
    }

    void on(@Observes Transition transition) {
        if (transition.kind() == AuditKind.FILED) {
            meters.counter("requests.filed", "type", transition.type().name()).increment();
        }
        notifications.onTransition(transition);
    }
}
