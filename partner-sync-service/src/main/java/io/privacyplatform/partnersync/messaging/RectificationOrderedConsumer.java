package io.privacyplatform.partnersync.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.partnersync.service.RectificationPlanner;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code rectification-ordered} (field codes only): the event id is recorded and the RECTIFY tasks created in
 * one transaction. A record that cannot be read goes to {@code dead-letter.partner-sync-service}.
 */
@ApplicationScoped
public class RectificationOrderedConsumer {

    private final IncomingEvents incomingEvents;
    private final RectificationPlanner planner;

    RectificationOrderedConsumer(IncomingEvents incomingEvents, RectificationPlanner planner) {
        this.incomingEvents = incomingEvents;
        this.planner = planner;
    }

    @Incoming("rectification-ordered")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.RECTIFICATION_ORDERED, record, event -> planner.plan(event.data()));
    }
}
