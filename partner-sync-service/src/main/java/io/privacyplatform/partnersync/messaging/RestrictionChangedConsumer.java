package io.privacyplatform.partnersync.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.partnersync.service.UnsubscribePlanner;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code restriction-changed}: a restriction that names HubSpot unsubscribes the subject's HubSpot
 * contacts (only storage is allowed while restricted). Idempotent on the event id; a record that cannot be read goes
 * to {@code dead-letter.partner-sync-service}.
 */
@ApplicationScoped
public class RestrictionChangedConsumer {

    private final IncomingEvents incomingEvents;
    private final UnsubscribePlanner planner;

    RestrictionChangedConsumer(IncomingEvents incomingEvents, UnsubscribePlanner planner) {
        this.incomingEvents = incomingEvents;
        this.planner = planner;
    }

    @Incoming("restriction-changed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.RESTRICTION_CHANGED, record, event -> planner.on(event.data()));
    }
}
