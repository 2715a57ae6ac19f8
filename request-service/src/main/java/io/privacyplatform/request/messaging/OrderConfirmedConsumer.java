package io.privacyplatform.request.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.request.service.OrderTracking;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Idempotent consumer of {@code order-confirmed}: each system's answer to a rectification, restriction or lift order. */
@ApplicationScoped
public class OrderConfirmedConsumer {

    private final IncomingEvents incoming;
    private final OrderTracking orders;

    OrderConfirmedConsumer(IncomingEvents incoming, OrderTracking orders) {
        this.incoming = incoming;
        this.orders = orders;
    }

    @Incoming("order-confirmed")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incoming.accept(Events.ORDER_CONFIRMED, record)
                .ifPresent(event -> orders.recordConfirmation(event.data()));
    }
}
