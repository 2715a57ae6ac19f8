package io.privacyplatform.partnersync.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.partnersync.service.UnsubscribePlanner;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code consent-changed}: a withdrawn marketing consent unsubscribes the subject's HubSpot contacts.
 * Idempotent on the event id; a record that cannot be read goes to {@code dead-letter.partner-sync-service}.
 */
@ApplicationScoped
public class ConsentChangedConsumer {

    private final IncomingEvents incomingEvents;
    private final UnsubscribePlanner planner;

    ConsentChangedConsumer(IncomingEvents incomingEvents, UnsubscribePlanner planner) {
        this.incomingEvents = incomingEvents;
        this.planner = planner;
    }

    @Incoming("consent-changed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.CONSENT_CHANGED, record, event -> planner.on(event.data()));
    }
}
