package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.retention.service.DatastoreRightsOrders;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.privacyplatform.support.inbox.MalformedEventException;
import io.privacyplatform.support.subject.SubjectId;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rectification-ordered} (request-service): the event id and the datastores' queued orders are
 * committed together, so a redelivered order queues nothing. The datastores apply it later, with retries
 * ({@link DatastoreRightsOrders}). A record that cannot be read goes to {@code dead-letter.retention-service}.
 */
@ApplicationScoped
public class RectificationOrderedConsumer {

    private final IncomingEvents incomingEvents;
    private final DatastoreRightsOrders orders;

    RectificationOrderedConsumer(IncomingEvents incomingEvents, DatastoreRightsOrders orders) {
        this.incomingEvents = incomingEvents;
        this.orders = orders;
    }

    @Incoming("rectification-ordered")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.RECTIFICATION_ORDERED, record, event -> {
            requirePseudonymous(event.data().subjectId());
            orders.queue(event.data());
        });
    }

    /** A subject id the datastores could never hold (the platform's ids are pseudonymous) is a dead letter. */
    static void requirePseudonymous(String subjectId) {
        if (!subjectId.matches(SubjectId.PATTERN)) {
            throw new MalformedEventException("subjectId is not a pseudonymous subject id");
        }
    }
}
