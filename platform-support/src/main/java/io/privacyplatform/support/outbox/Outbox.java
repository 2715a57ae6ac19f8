package io.privacyplatform.support.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.UUID;

/**
 * The only way a service publishes an event. The event is stored in the caller's transaction, so it
 * exists if and only if the state change that caused it was committed; {@link OutboxRelay} sends it to
 * Kafka afterwards. A crash between the commit and the send delays the event, it never loses it.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper objectMapper;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final String source;

    Outbox(ObjectMapper objectMapper, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
           @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.objectMapper = objectMapper;
        this.transactions = transactions;
        this.relay = relay;
        this.source = "/" + applicationName;
    }

    /**
     * Stores one event for publication once the current transaction commits.
     *
     * @param subjectId pseudonymous subject id: the record key, so a subject's events stay ordered
     * @return the event id (CloudEvents {@code id}), on which consumers deduplicate
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> UUID publish(EventType<T> type, String subjectId, T data) {
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException("data of " + type.cloudEventType() + " must be a " + type.dataClass().getSimpleName());
        }
        OutboxMessage message = new OutboxMessage();
        message.eventId = UUID.randomUUID();
        message.topic = type.topic();
        message.recordKey = subjectId;
        message.eventType = type.cloudEventType();
        message.eventSource = source;
        message.occurredAt = Instant.now();
        message.payload = toJson(data);
        message.persist();

        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
        return message.eventId;
    }

    private String toJson(Object data) {
        try {
            return objectMapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data of type " + data.getClass().getSimpleName() + " cannot be serialized", e);
        }
    }
}
