package io.privacyplatform.request.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.request.service.ConfirmationGate;
import io.privacyplatform.request.service.Confirmations;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Custom systems' confirmations, each on the system's own topics {@code erasure-confirmed.<system>} and
 * {@code order-confirmed.<system>} (topic patterns: a newly registered system's topics are picked up without a
 * restart). Only the system's KafkaUser may write its topics, so the topic is the principal; the
 * {@link ConfirmationGate} checks the confirmation names that system.
 */
@ApplicationScoped
public class SystemConfirmedConsumer {

    private final IncomingEvents incoming;
    private final Confirmations confirmations;

    SystemConfirmedConsumer(IncomingEvents incoming, Confirmations confirmations) {
        this.incoming = incoming;
        this.confirmations = confirmations;
    }

    @Incoming("system-erasure-confirmed")
    @Blocking
    public void onErasure(ConsumerRecord<String, String> record) {
        incoming.apply(Events.ERASURE_CONFIRMED, record, event -> confirmations.receive(
                ConfirmationGate.Channel.topic(record.topic()), record.topic(), event.data()));
    }

    @Incoming("system-order-confirmed")
    @Blocking
    public void onOrder(ConsumerRecord<String, String> record) {
        incoming.apply(Events.ORDER_CONFIRMED, record, event -> confirmations.receive(
                ConfirmationGate.Channel.topic(record.topic()), record.topic(), event.data()));
    }
}
