package io.privacyplatform.support.inbox;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.privacyplatform.contracts.EventType;
import io.privacyplatform.support.logging.SafeLog;
import io.privacyplatform.support.retry.InPlaceRetry;
import io.privacyplatform.support.retry.ServiceStoppingException;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.Session;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The idempotent consumer, shared by every service. An {@code @Blocking} {@code @Incoming} method (no
 * {@code @Transactional}: each attempt gets its own transaction here) hands its record to {@link #apply}, or its poll
 * to {@link #applyBatch}. The CloudEvents binary-mode headers are read, the data bound and validated against the
 * contract, and the event id is recorded in the inbox table in the transaction of the effect, so the effect happens
 * once even when Kafka redelivers or the producer's outbox sends twice.
 * <ul>
 * <li>A record that can never be processed raises {@link MalformedEventException} and goes to the service's
 * dead-letter topic; so does one whose effect fails for a reason that would fail again (a bug, a refused value).</li>
 * <li>A transient failure (the database or a peer down: {@link io.privacyplatform.support.retry.TransientFailures})
 * is waited out in place ({@link InPlaceRetry}): the partition waits, keeps its order, and nothing valid is
 * dead-lettered because a dependency blinked.</li>
 * </ul>
 */
@ApplicationScoped
public class IncomingEvents {

    private final ObjectMapper objectMapper;
    private final Validator validator;
    private final EntityManager entityManager;
    private final String consumer;
    private final InPlaceRetry retry;
    private final MutinyEmitter<String> deadLetters;

    IncomingEvents(ObjectMapper objectMapper, Validator validator, EntityManager entityManager,
                   @ConfigProperty(name = "quarkus.application.name") String consumer, InPlaceRetry retry,
                   @Channel(DEAD_LETTER_CHANNEL) MutinyEmitter<String> deadLetters) {
        // Unknown fields are accepted: producers may add optional fields without a new version.
        this.objectMapper = objectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
        this.entityManager = entityManager;
        this.consumer = consumer;
        this.retry = retry;
        this.deadLetters = deadLetters;
    }

    /** The service's dead-letter topic, for records of a batch (a batch's failure strategy would send them all). */
    public static final String DEAD_LETTER_CHANNEL = "platform-dead-letter";

    /** {@link #apply(String, EventType, ConsumerRecord, Consumer)} under the service's name. */
    public <T> void apply(EventType<T> type, ConsumerRecord<String, String> record, Consumer<IncomingEvent<T>> effect) {
        apply(consumer, type, record, effect);
    }

    /**
     * Reads the record, then records its id for {@code consumerName} and runs the effect in a new transaction, waiting
     * out transient failures. Nothing happens for an event already processed.
     *
     * @throws MalformedEventException when the record can never be processed (the connector dead-letters it)
     * @throws RuntimeException        when the effect failed for a reason that is not transient (dead-lettered too)
     * @throws ServiceStoppingException when the service stopped first (left unacknowledged, redelivered)
     */
    public <T> void apply(String consumerName, EventType<T> type, ConsumerRecord<String, String> record,
                          Consumer<IncomingEvent<T>> effect) {
        apply(consumerName, type, record, event -> true, effect);
    }

    /**
     * As {@link #apply(String, EventType, ConsumerRecord, Consumer)}, for a consumer concerned by some of a topic's
     * events only: the others are read and validated (a malformed one is still dead-lettered), then acknowledged
     * without touching the database, their ids not recorded.
     */
    public <T> void apply(String consumerName, EventType<T> type, ConsumerRecord<String, String> record,
                          Predicate<? super IncomingEvent<T>> concerns, Consumer<IncomingEvent<T>> effect) {
        retry.refuseWhenStopping(consumerName + "/" + record.topic());
        IncomingEvent<T> event = read(type, record);
        if (!concerns.test(event)) {
            return;
        }
        retry.inNewTransaction(consumerName + "/" + record.topic(), () -> {
            if (firstTime(consumerName, event)) {
                effect.accept(event);
            }
            return null;
        });
    }

    /** {@link #applyBatch(String, EventType, List, Consumer)} under the service's name. */
    public <T> void applyBatch(EventType<T> type, List<ConsumerRecord<String, String>> records,
                               Consumer<List<IncomingEvent<T>>> effect) {
        applyBatch(consumer, type, records, effect);
    }

    /**
     * One poll in one transaction: malformed records are dead-lettered one by one, the others' ids recorded in bulk,
     * and the effect runs once for those not processed before (in the records' order, each event once). Transient
     * failures are waited out. When the batch fails for another reason, its records are applied one at a time, so
     * that only the one that fails is dead-lettered and the others take effect. Returns when every record is applied
     * or dead-lettered: the poll may then be acknowledged.
     */
    public <T> void applyBatch(String consumerName, EventType<T> type, List<ConsumerRecord<String, String>> records,
                               Consumer<List<IncomingEvent<T>>> effect) {
        if (records.isEmpty()) {
            return;
        }
        retry.refuseWhenStopping(consumerName + "/" + records.get(0).topic());
        List<ConsumerRecord<String, String>> readable = new ArrayList<>(records.size());
        List<IncomingEvent<T>> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                events.add(read(type, record));
                readable.add(record);
            } catch (MalformedEventException e) {
                deadLetter(consumerName, record, e);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        String what = consumerName + "/" + readable.get(0).topic();
        try {
            retry.inNewTransaction(what, () -> {
                List<IncomingEvent<T>> fresh = firstTimes(consumerName, events);
                if (!fresh.isEmpty()) {
                    effect.accept(fresh);
                }
                return null;
            });
        } catch (ServiceStoppingException stopping) {
            throw stopping;
        } catch (RuntimeException batchFailure) {
            Log.warnf("A batch of %d %s events failed for %s; applying them one by one: %s", events.size(),
                    type.cloudEventType(), consumerName, SafeLog.describe(batchFailure));
            for (int i = 0; i < events.size(); i++) {
                IncomingEvent<T> event = events.get(i);
                try {
                    retry.inNewTransaction(what, () -> {
                        if (firstTime(consumerName, event)) {
                            effect.accept(List.of(event));
                        }
                        return null;
                    });
                } catch (ServiceStoppingException stopping) {
                    // The records before it took effect; it and the rest of the poll are redelivered (deduplicated).
                    throw stopping;
                } catch (RuntimeException failure) {
                    deadLetter(consumerName, readable.get(i), failure);
                }
            }
        }
    }

    /**
     * Records the events' ids for {@code consumerName} in one statement; returns those processed for the first time,
     * in their order, each id once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> List<IncomingEvent<T>> firstTimes(String consumerName, List<IncomingEvent<T>> events) {
        Map<String, IncomingEvent<T>> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.id(), event));
        String[] ids = byId.keySet().toArray(String[]::new);
        String[] types = byId.values().stream().map(IncomingEvent::type).toArray(String[]::new);
        Set<String> inserted = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    insert into platform_inbox (consumer, event_id, event_type, processed_at)
                    select ?, e.id, e.type, ? from unnest(?, ?) as e(id, type)
                    on conflict do nothing returning event_id""")) {
                Array idArray = connection.createArrayOf("varchar", ids);
                Array typeArray = connection.createArrayOf("varchar", types);
                statement.setString(1, consumerName);
                statement.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
                statement.setArray(3, idArray);
                statement.setArray(4, typeArray);
                Set<String> ok = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ok.add(rows.getString(1));
                    }
                }
                return ok;
            }
        });
        List<IncomingEvent<T>> fresh = new ArrayList<>(inserted.size());
        byId.forEach((id, event) -> {
            if (inserted.contains(id)) {
                fresh.add(event);
            }
        });
        if (fresh.size() < events.size()) {
            Log.debugf("Skipping %d already processed event(s) for %s", events.size() - fresh.size(), consumerName);
        }
        return fresh;
    }

    /**
     * The record as it came, with the headers the connector's dead-letter strategy writes; waits for Kafka's ack.
     * The reason is the exception's message for a malformed record (written by {@link #read}, free of data), its
     * classes only for any other failure (a driver's message may quote values).
     */
    public void deadLetter(String consumerName, ConsumerRecord<String, String> record, RuntimeException reason) {
        String why = reason instanceof MalformedEventException ? reason.getMessage() : SafeLog.describe(reason);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", utf8(why));
        headers.add("dead-letter-exception-class-name", utf8(reason.getClass().getName()));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        headers.add("dead-letter-consumer", utf8(consumerName));
        Log.warnf("Dead-lettered %s-%d offset %d for %s: %s", record.topic(), record.partition(), record.offset(),
                consumerName, why);
        deadLetters.sendMessageAndAwait(Message.of(record.value() == null ? "" : record.value())
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(record.key()).withHeaders(headers)
                        .build()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
