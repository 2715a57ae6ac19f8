package io.privacyplatform.consent.messaging;

import io.privacyplatform.consent.service.ConsentErasure;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;


/**
 * Consumes {@code erasure-ordered}: keeps the suppression entry of a subject who refused marketing, deletes
 * every row of the subject (ledger, state, restrictions, links, address hashes) and publishes
 * {@code erasure-confirmed}, all with the event id in one transaction, so a redelivered order does nothing.
 * A record that cannot be read goes to {@code dead-letter.consent-service} and the partition moves on.
 */
@ApplicationScoped
public class ErasureOrderedConsumer {

    private final IncomingEvents incomingEvents;
    private final ConsentErasure erasure;

    ErasureOrderedConsumer(IncomingEvents incomingEvents, ConsentErasure erasure) {
        this.incomingEvents = incomingEvents;
        this.erasure = erasure;
    }

    @Incoming("erasure-ordered")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.ERASURE_ORDERED, record, event -> erasure.execute(event.data()));
    }
}
