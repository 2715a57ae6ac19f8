package io.privacyplatform.consent.messaging;

import io.privacyplatform.consent.service.ConsentLapses;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code consent-lapsed} (retention-service): the consent is withdrawn with reason LAPSED if it is still
 * granted, in the transaction that records the event id.
 */
@ApplicationScoped
public class ConsentLapsedConsumer {

    private final IncomingEvents incomingEvents;
    private final ConsentLapses lapses;

    ConsentLapsedConsumer(IncomingEvents incomingEvents, ConsentLapses lapses) {
        this.incomingEvents = incomingEvents;
        this.lapses = lapses;
    }

    @Incoming("consent-lapsed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.CONSENT_LAPSED, record, event -> lapses.apply(event.data()));
    }
}
