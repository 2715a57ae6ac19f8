package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.retention.service.DatastoreRightsOrders;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code restriction-changed} (request-service): a restriction or its lifting, queued for the datastores the
 * change expects in the event's transaction and applied later, with retries ({@link DatastoreRightsOrders}). A record
 * that cannot be read goes to {@code dead-letter.retention-service}.
 */
@ApplicationScoped
public class RestrictionChangedConsumer {

    private final IncomingEvents incomingEvents;
    private final DatastoreRightsOrders orders;

    RestrictionChangedConsumer(IncomingEvents incomingEvents, DatastoreRightsOrders orders) {
        this.incomingEvents = incomingEvents;
        this.orders = orders;
    }

    @Incoming("restriction-changed")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.accept(Events.RESTRICTION_CHANGED, record).ifPresent(event -> {
            RectificationOrderedConsumer.requirePseudonymous(event.data().subjectId());
            orders.queue(event.data());
        });
    }
}
