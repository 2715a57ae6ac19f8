package io.privacyplatform.support.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.EventType;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Publishes many events of one type in one statement, on the caller's JDBC connection and transaction: the same
 * {@code platform_outbox} rows (CloudEvents id, type, source, time; data as the contract record's JSON) as
 * {@link Outbox#publish}, for set-based work such as the retention sweep that would otherwise pay one insert per
 * event. Plain Java (no CDI), so a benchmark on a bare connection writes exactly what the service writes. The
 * caller wakes the relay after commit ({@link OutboxRelay#wakeUp()}); the relay's poll finds the rows anyway.
 */
public final class BulkOutbox {

    private static final String INSERT = """
            insert into platform_outbox (event_id, topic, record_key, event_type, event_source, occurred_at, payload)
            select gen_random_uuid(), ?, e.record_key, ?, ?, ?, e.payload
            from unnest(?::text[], ?::text[]) with ordinality as e(record_key, payload, n)
            order by e.n""";

    private static final String INSERT_WITH_IDS = """
            insert into platform_outbox (event_id, topic, record_key, event_type, event_source, occurred_at, payload)
            select e.event_id, ?, e.record_key, ?, ?, ?, e.payload
            from unnest(?::uuid[], ?::text[], ?::text[]) with ordinality as e(event_id, record_key, payload, n)
            order by e.n""";

    private final ObjectMapper objectMapper;
    private final String source;
    private final Clock clock;

    /**
     * @param objectMapper the service's mapper (the one {@link Outbox} uses), so both write the same JSON
     * @param source       CloudEvents source, e.g. {@code /retention-service}
     */
    public BulkOutbox(ObjectMapper objectMapper, String source, Clock clock) {
        this.objectMapper = objectMapper;
        this.source = source;
        this.clock = clock;
    }

    /**
     * Stores the events for publication once the connection's transaction commits, in list order (the relay
     * sends in that order).
     *
     * @return the number of events stored
     */
    public <T> int publishAll(Connection connection, EventType<T> type, List<OutboxEvent<T>> events) throws SQLException {
        return events.isEmpty() ? 0 : insert(connection, type, events, null);
    }

    /**
     * The same as {@link #publishAll}, for callers that keep each event's id (e.g. as the evidence of what was
     * published): the ids are chosen here, one per event, in list order.
     *
     * @return the events' ids (CloudEvents {@code id}), in list order
     */
    public <T> List<UUID> publishAllWithIds(Connection connection, EventType<T> type, List<OutboxEvent<T>> events)
            throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        UUID[] ids = new UUID[events.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = UUID.randomUUID();
        }
        insert(connection, type, events, ids);
        return List.of(ids);
    }

    /** One insert of every event; the database picks the ids when {@code ids} is null. */
    private <T> int insert(Connection connection, EventType<T> type, List<OutboxEvent<T>> events, UUID[] ids)
            throws SQLException {
        String[] keys = new String[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            keys[i] = events.get(i).subjectId();
            payloads[i] = payload(type, events.get(i).data());
        }
        Array idArray = ids == null ? null : connection.createArrayOf("uuid", ids);
        Array keyArray = connection.createArrayOf("text", keys);
        Array payloadArray = connection.createArrayOf("text", payloads);
        try (PreparedStatement insert = connection.prepareStatement(ids == null ? INSERT : INSERT_WITH_IDS)) {
            int at = 1;
            insert.setString(at++, type.topic());
            insert.setString(at++, type.cloudEventType());
            insert.setString(at++, source);
            insert.setObject(at++, clock.instant().atOffset(ZoneOffset.UTC));
            if (idArray != null) {
                insert.setArray(at++, idArray);
            }
            insert.setArray(at++, keyArray);
            insert.setArray(at, payloadArray);
            return insert.executeUpdate();
        } finally {
            if (idArray != null) {
                idArray.free();
            }
            keyArray.free();
            payloadArray.free();
        }
    }

    /** The event's data as JSON, after checking it is the record the type carries. */
    <T> String payload(EventType<T> type, T data) {
        if (!type.dataClass().isInstance(data)) {
            throw new IllegalArgumentException("data of " + type.cloudEventType() + " must be a " + type.dataClass().getSimpleName());
        }
        try {
            return objectMapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event data of type " + data.getClass().getSimpleName() + " cannot be serialized", e);
        }
    }
}
