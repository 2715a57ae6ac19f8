package io.privacyplatform.support.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Holds the Kafka emitter of the relay. A bean of its own so that the emitter is connected on first use,
 * after the messaging channels are wired, whatever triggers the relay bean first.
 */
@ApplicationScoped
public class OutboxSender {

    private final Emitter<String> emitter;

    OutboxSender(@Channel("platform-outbox") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024) Emitter<String> emitter) {
        this.emitter = emitter;
    }

    void send(Message<String> message) {
        emitter.send(message);
    }
}
