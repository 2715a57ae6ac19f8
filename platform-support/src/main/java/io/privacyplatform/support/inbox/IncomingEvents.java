package io.privacyplatform.support.inbox;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.privacyplatform.contracts.EventType;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The idempotent consumer, shared by every service. Call {@link #accept} first thing in a
 * {@code @Blocking @Transactional} {@code @Incoming} method: it reads the CloudEvents binary-mode headers,
 * binds and validates the data against the contract, and records the event id in the inbox table of the
 * same transaction. It returns empty for an event already processed, so the effect happens once even when
 * Kafka redelivers or the producer's outbox sends twice. A record that can never be processed raises
 * {@link MalformedEventException}, which the channel's failure strategy sends to the dead-letter topic.
 */
@ApplicationScoped
public class IncomingEvents {

    private final ObjectMapper objectMapper;
    private final Validator validator;
    private final EntityManager entityManager;
    private final String consumer;

    IncomingEvents(ObjectMapper objectMapper, Validator validator, EntityManager entityManager,
                   @ConfigProperty(name = "quarkus.application.name") String consumer) {
        // Unknown fields are accepted: producers may add optional fields without a new version.
        this.objectMapper = objectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
        this.entityManager = entityManager;
        this.consumer = consumer;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public <T> Optional<IncomingEvent<T>> accept(EventType<T> type, ConsumerRecord<String, String> record) {
        IncomingEvent<T> event = read(type, record);
        return firstTime(consumer, event) ? Optional.of(event) : Optional.empty();
    }

    /**
     * Reads and validates the record without recording it, for a consumer that handles a batch in more than one
     * step (it then calls {@link #firstTime} in the transaction of the effect).
     *
     * @throws MalformedEventException when the record can never be processed
     */
    public <T> IncomingEvent<T> read(EventType<T> type, ConsumerRecord<String, String> record) {
        String id = requiredHeader(record, "ce_id");
        String eventType = requiredHeader(record, "ce_type");
        if (!type.cloudEventType().equals(eventType)) {
            throw new MalformedEventException("unsupported event type '" + eventType + "' on topic " + record.topic()
                    + ", expected " + type.cloudEventType());
        }
        String source = header(record, "ce_source");
        if (!type.mayComeFrom(source)) {
            throw new MalformedEventException("source '" + abbreviate(source) + "' is not a producer of " + eventType
                    + " (expected one of " + type.producers() + ")");
        }
        T data = bind(type, record.value());
        return new IncomingEvent<>(id, eventType, source, record.key(), time(record), data);
    }

    /**
     * Records the event id for {@code consumerName} in the inbox of the current transaction; false when it was already
     * processed. A second consumer of the same topic in one service (its own consumer group) uses its own name.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String consumerName, IncomingEvent<?> event) {
        int inserted = entityManager.createNativeQuery("""
                        insert into platform_inbox (consumer, event_id, event_type, processed_at)
                        values (?1, ?2, ?3, ?4) on conflict do nothing""")
                .setParameter(1, consumerName).setParameter(2, event.id()).setParameter(3, event.type())
                .setParameter(4, Instant.now())
                .executeUpdate();
        if (inserted == 0) {
            Log.debugf("Skipping already processed event %s (%s) for %s", event.id(), event.type(), consumerName);
            return false;
        }
        return true;
    }

    /** A header value as a log or dead-letter reason may quote it: bounded, printable. */
    private static String abbreviate(String value) {
        if (value == null) {
            return "none";
        }
        String printable = value.codePoints().limit(80)
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return value.length() > 80 ? printable + "..." : printable;
    }

    private <T> T bind(EventType<T> type, String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("empty data for " + type.cloudEventType());
        }
        T data;
        try {
            ObjectReader reader = objectMapper.readerFor(type.dataClass());
            data = reader.readValue(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new MalformedEventException("data does not bind to " + type.cloudEventType() + where);
        }
        if (data == null) {
            throw new MalformedEventException("null data for " + type.cloudEventType());
        }
        Set<ConstraintViolation<T>> violations = validator.validate(data);
        if (!violations.isEmpty()) {
            throw new MalformedEventException("invalid data for " + type.cloudEventType() + ": " + violations.stream()
                    .map(v -> v.getPropertyPath() + " " + v.getMessage())
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.joining("; ")));
        }
        return data;
    }

    private static Instant time(ConsumerRecord<String, String> record) {
        String time = header(record, "ce_time");
        if (time == null) {
            return Instant.ofEpochMilli(record.timestamp());
        }
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("ce_time is not an RFC 3339 timestamp");
        }
    }

    private static String requiredHeader(ConsumerRecord<String, String> record, String name) {
        String value = header(record, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException("missing CloudEvents header " + name + " on topic " + record.topic());
        }
        return value;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
