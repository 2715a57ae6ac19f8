package io.privacyplatform.request.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.request.service.ConfirmationGate;
import io.privacyplatform.request.service.Confirmations;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;

/**
 * The platform services' erasure confirmations ({@code erasure-confirmed}), each through the {@link ConfirmationGate}:
 * the event's CloudEvents source must be the service the registry names for the system.
 * <p>
 * A poll at a time ({@code batch=true}) in one transaction ({@link IncomingEvents#applyBatch}): every erasure brings
 * one confirmation per system, and one transaction per record held the consumer to about 13 records/s under load,
 * the soak's longest lag. A confirmation that fails is then applied alone and only it is dead-lettered.
 */
@ApplicationScoped
public class ErasureConfirmedConsumer {

    private final IncomingEvents incoming;
    private final Confirmations confirmations;

    ErasureConfirmedConsumer(IncomingEvents incoming, Confirmations confirmations) {
        this.incoming = incoming;
        this.confirmations = confirmations;
    }

    @Incoming("erasure-confirmed")
    @Blocking
    public void on(ConsumerRecords<String, String> poll) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(poll.count());
        poll.forEach(records::add);
        incoming.applyBatch(Events.ERASURE_CONFIRMED, records, events -> events.forEach(event -> confirmations.receive(
                ConfirmationGate.Channel.topic(Events.ERASURE_CONFIRMED.topic()), event.source(), event.data())));
    }
}
