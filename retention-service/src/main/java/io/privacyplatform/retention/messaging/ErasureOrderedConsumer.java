package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.retention.service.SubjectErasure;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code erasure-ordered} (from request-service, and this service's own expiry orders, whole or scoped to
 * some purposes: {@link SubjectErasure} honours the scope): the event id, the erasure and the confirmation are
 * committed together, so a redelivered order does nothing. A record that
 * cannot be read goes to {@code dead-letter.retention-service} and the partition moves on.
 */
@ApplicationScoped
public class ErasureOrderedConsumer {

    private final IncomingEvents incomingEvents;
    private final SubjectErasure erasure;

    ErasureOrderedConsumer(IncomingEvents incomingEvents, SubjectErasure erasure) {
        this.incomingEvents = incomingEvents;
        this.erasure = erasure;
    }

    @Incoming("erasure-ordered")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.ERASURE_ORDERED, record, event -> erasure.execute(event.data()));
    }
}
