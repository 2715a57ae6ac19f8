package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.retention.service.ErasureOrderTracking;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Follows the erasure orders this service places and the systems' answers ({@link ErasureOrderTracking}), in consumer
 * groups of their own: the orders in {@value #ORDERS} (beside retention's own erasure consumer and the datastores'),
 * the answers of every system in {@value #CONFIRMATIONS}. Deduplicated by event id per consumer name; unreadable
 * records go to {@code dead-letter.retention-service}.
 */
@ApplicationScoped
public class ErasureOrderTrackingConsumer {

    static final String ORDERS = "tracked-erasure-ordered";
    static final String CONFIRMATIONS = "tracked-erasure-confirmed";

    private final IncomingEvents incomingEvents;
    private final ErasureOrderTracking tracking;

    ErasureOrderTrackingConsumer(IncomingEvents incomingEvents, ErasureOrderTracking tracking) {
        this.incomingEvents = incomingEvents;
        this.tracking = tracking;
    }

    @Incoming(ORDERS)
    @Blocking
    public void onOrder(ConsumerRecord<String, String> record) {
        incomingEvents.apply(ORDERS, Events.ERASURE_ORDERED, record,
                event -> ErasureOrderTracking.placedByRetention(event.data()), event -> tracking.recordOrder(event.data()));
    }

    @Incoming(CONFIRMATIONS)
    @Blocking
    public void onConfirmation(ConsumerRecord<String, String> record) {
        // Confirmations of requests' orders are request-service's; recording their ids here would only fill the inbox.
        incomingEvents.apply(CONFIRMATIONS, Events.ERASURE_CONFIRMED, record, event -> event.data().requestId() == null,
                event -> tracking.recordConfirmation(event.data()));
    }
}
