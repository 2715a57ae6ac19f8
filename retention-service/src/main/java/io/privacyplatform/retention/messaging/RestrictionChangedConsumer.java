package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.retention.service.DatastoreRightsOrders;
import io.privacyplatform.retention.service.SubjectRestrictions;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code restriction-changed} (request-service), in one transaction: a restriction or its lifting is recorded
 * for retention's own data at once (no expiry erasure while restricted, re-evaluated when lifted, confirmed when the
 * change expects {@code retention}: {@link SubjectRestrictions}), and queued for the datastores the change expects,
 * applied later with retries ({@link DatastoreRightsOrders}). A record that cannot be read goes to
 * {@code dead-letter.retention-service}.
 */
@ApplicationScoped
public class RestrictionChangedConsumer {

    private final IncomingEvents incomingEvents;
    private final DatastoreRightsOrders orders;
    private final SubjectRestrictions restrictions;

    RestrictionChangedConsumer(IncomingEvents incomingEvents, DatastoreRightsOrders orders, SubjectRestrictions restrictions) {
        this.incomingEvents = incomingEvents;
        this.orders = orders;
        this.restrictions = restrictions;
    }

    @Incoming("restriction-changed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.RESTRICTION_CHANGED, record, event -> {
            RectificationOrderedConsumer.requirePseudonymous(event.data().subjectId());
            restrictions.apply(event.data());
            orders.queue(event.data());
        });
    }
}
