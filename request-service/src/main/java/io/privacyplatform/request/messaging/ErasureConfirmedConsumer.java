package io.privacyplatform.request.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.request.service.ErasureTracking;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

@ApplicationScoped
public class ErasureConfirmedConsumer {

    private final IncomingEvents incoming;
    private final ErasureTracking erasures;

    ErasureConfirmedConsumer(IncomingEvents incoming, ErasureTracking erasures) {
        this.incoming = incoming;
        this.erasures = erasures;
    }

    @Incoming("erasure-confirmed")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incoming.accept(Events.ERASURE_CONFIRMED, record)
                .ifPresent(event -> erasures.recordConfirmation(event.data()));
    }
}
