package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.support.erasure.LocalErasure;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code erasure-ordered}: the event id, the deletion and the confirmation are committed together,
 * so a redelivered order does nothing. A record that cannot be read goes to
 * {@code dead-letter.retention-service} and the partition moves on.
 */
@ApplicationScoped
public class ErasureOrderedConsumer {

    private final IncomingEvents incomingEvents;
    private static final LocalErasure.SubjectRows ROWS = new LocalErasure.SubjectRows(
            "inventory-entries", InventoryEntry::deleteOfSubject, InventoryEntry::countOfSubject);

    private final LocalErasure erasure;

    ErasureOrderedConsumer(IncomingEvents incomingEvents, LocalErasure erasure) {
        this.incomingEvents = incomingEvents;
        this.erasure = erasure;
    }

    @Incoming("erasure-ordered")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.accept(Events.ERASURE_ORDERED, record)
                .ifPresent(event -> erasure.execute(event.data(), Systems.RETENTION, ROWS));
    }
}
