package io.privacyplatform.request.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.Transition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Every step of every request arrives here, in its transaction, once its audit entry is written
 * ({@link io.privacyplatform.request.DataSubjectRequest#transition} announces it). What must follow each step
 * hooks in here: today the filing counter; the notifications to the person (a filing received, a decision, an
 * extension, a closure) will observe the same {@link Transition}, after commit.
 */
@ApplicationScoped
public class RequestTransitions {

    private final MeterRegistry meters;

    RequestTransitions(MeterRegistry meters) {
        this.meters = meters;
    }

    void on(@Observes Transition transition) {
        if (transition.kind() == AuditKind.FILED) {
            meters.counter("requests.filed", "type", transition.type().name()).increment();
        }
    }
}
