package io.privacyplatform.request.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.request.service.ConfirmationGate;
import io.privacyplatform.request.service.ErasureConfirmations;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Custom systems' erasure confirmations, each on the system's own topic {@code erasure-confirmed.<system>} (a topic
 * pattern: a newly registered system's topic is picked up without a restart). Only the system's KafkaUser may write
 * its topic, so the topic is the principal; the {@link ConfirmationGate} checks the confirmation names that system.
 */
@ApplicationScoped
public class SystemErasureConfirmedConsumer {

    private final IncomingEvents incoming;
    private final ErasureConfirmations confirmations;

    SystemErasureConfirmedConsumer(IncomingEvents incoming, ErasureConfirmations confirmations) {
        this.incoming = incoming;
        this.confirmations = confirmations;
    }

    @Incoming("system-erasure-confirmed")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incoming.accept(Events.ERASURE_CONFIRMED, record).ifPresent(event -> confirmations.receive(
                ConfirmationGate.Channel.topic(record.topic()), record.topic(), event.data()));
    }
}
