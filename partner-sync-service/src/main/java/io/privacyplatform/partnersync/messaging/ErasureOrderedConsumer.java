package io.privacyplatform.partnersync.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.partnersync.service.ErasurePlanner;
import io.privacyplatform.support.inbox.IncomingEvent;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code erasure-ordered} a poll at a time ({@code batch=true}): the events' ids are recorded in bulk and the
 * orders planned together in one transaction ({@link IncomingEvents#applyBatch}), so a redelivered event does nothing
 * and a crash midway leaves nothing half done. A record that cannot be read goes to
 * {@code dead-letter.partner-sync-service} with the reason, alone; a database outage is waited out in place.
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
    public void on(ConsumerRecords<String, String> poll) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(poll.count());
        poll.forEach(records::add);
        incomingEvents.applyBatch(Events.ERASURE_ORDERED, records,
                events -> planner.planAll(events.stream().map(IncomingEvent::data).toList()));
    }
}
