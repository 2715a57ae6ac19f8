package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.retention.datastore.Datastores;
import io.privacyplatform.retention.service.DatastoreErasure;
import io.privacyplatform.support.inbox.IncomingEvent;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.privacyplatform.support.inbox.MalformedEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * Consumes {@code erasure-ordered} for the company's datastores, in batches, in a consumer group of its own
 * ({@value #CHANNEL}): a datastore down for minutes holds these partitions only, never retention's own erasure
 * confirmations, and the other way round. The batch is acknowledged once every order is erased and confirmed (see
 * {@link DatastoreErasure}). A record that cannot be read goes to {@code dead-letter.retention-service}, as the
 * channel's failure strategy sends them for the other consumers (a batch's failure strategy would dead-letter
 * the whole batch). With no datastore configured the records are acknowledged untouched (retention's own consumer
 * dead-letters the malformed ones). A scoped order (its {@code scope}) is handed on as it is: each datastore erases
 * the tables of the scope's purposes only (see {@link DatastoreErasure}).
 */
@ApplicationScoped
public class DatastoreErasureOrderedConsumer {

    static final String CHANNEL = "datastore-erasure-ordered";

    private final IncomingEvents incomingEvents;
    private final DatastoreErasure erasure;
    private final Datastores datastores;

    DatastoreErasureOrderedConsumer(IncomingEvents incomingEvents, DatastoreErasure erasure, Datastores datastores) {
        this.incomingEvents = incomingEvents;
        this.erasure = erasure;
        this.datastores = datastores;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecords<String, String> records) {
        if (datastores.names().isEmpty()) {
            return;
        }
        List<IncomingEvent<ErasureOrdered>> orders = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                orders.add(incomingEvents.read(Events.ERASURE_ORDERED, record));
            } catch (MalformedEventException e) {
                incomingEvents.deadLetter(CHANNEL, record, e);
            }
        }
        if (!orders.isEmpty()) {
            erasure.execute(orders);
        }
    }
}
