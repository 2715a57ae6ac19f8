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
 * The platform services' answers to rectification, restriction and lift orders ({@code order-confirmed}), each
 * through the {@link ConfirmationGate}: the event's CloudEvents source must be the service the registry names for the
 * system.
 */
@ApplicationScoped
public class OrderConfirmedConsumer {

    private final IncomingEvents incoming;
    private final Confirmations confirmations;

    OrderConfirmedConsumer(IncomingEvents incoming, Confirmations confirmations) {
        this.incoming = incoming;
        this.confirmations = confirmations;
    }

    @Incoming("order-confirmed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incoming.apply(Events.ORDER_CONFIRMED, record, event -> confirmations.receive(
                ConfirmationGate.Channel.topic(record.topic()), event.source(), event.data()));
    }
}
