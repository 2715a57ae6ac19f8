package io.privacyplatform.partnersync.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.partnersync.service.ErasurePlanner;
import io.privacyplatform.support.inbox.IncomingEvent;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Optional;

/**
 * Consumes {@code erasure-ordered}: the event id is recorded and the tasks are created in one transaction,
 * so a redelivered event does nothing and a crash midway leaves nothing half done. A record that cannot
 * be read fails and goes to {@code dead-letter.partner-sync-service}; the partition moves on.
 */
@ApplicationScoped
public class ErasureOrderedConsumer {

    private final IncomingEvents incomingEvents;
    private final ErasurePlanner planner;

    ErasureOrderedConsumer(IncomingEvents incomingEvents, ErasurePlanner planner) {
        this.incomingEvents = incomingEvents;
        this.planner = planner;
    }

    @Incoming("erasure-ordered")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        Optional<IncomingEvent<ErasureOrdered>> event = incomingEvents.accept(Events.ERASURE_ORDERED, record);
        event.ifPresent(e -> planner.plan(e.data()));
    }
}
