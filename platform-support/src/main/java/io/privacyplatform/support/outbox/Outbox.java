package io.privacyplatform.support.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.EventType;
import io.privacyplatform.support.transaction.AfterCommit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The only way a service publishes an event. The event is stored in the caller's transaction, so it
 * exists if and only if the state change that caused it was committed; {@link OutboxRelay} sends it to
 * Kafka afterwards. A crash between the commit and the send delays the event, it never loses it.
 */
@ApplicationScoped
public class Outbox {

    private final EntityManager entityManager;
    private final AfterCommit afterCommit;
    private final OutboxRelay relay;
    private final BulkOutbox bulk;

    Outbox(ObjectMapper objectMapper, EntityManager entityManager, AfterCommit afterCommit, OutboxRelay relay, Clock clock,
           @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.entityManager = entityManager;
        this.afterCommit = afterCommit;
        this.relay = relay;
        this.bulk = new BulkOutbox(objectMapper, "/" + applicationName, clock);
    }

    /**
     * Stores one event for publication once the current transaction commits: the row {@link #publishAll} writes for
     * a list of one (an insert on the transaction's connection; through Hibernate, the generated {@code position} made
     * every event an identity insert run at once, with its generated-keys mapping resolved each time).
     *
     * @param subjectId pseudonymous subject id: the record key, so a subject's events stay ordered
     * @return the event id (CloudEvents {@code id}), on which consumers deduplicate
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> UUID publish(EventType<T> type, String subjectId, T data) {
        return publishAll(type, List.of(new OutboxEvent<>(subjectId, data))).get(0);
    }

    /**
     * Stores many events of one type for publication once the current transaction commits, in one statement on the
     * transaction's connection (the same rows as {@link #publish}, in list order).
     *
     * @return the events' ids, in list order
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> List<UUID> publishAll(EventType<T> type, List<OutboxEvent<T>> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = entityManager.unwrap(Session.class)
                .doReturningWork(connection -> bulk.publishAllWithIds(connection, type, events));
        afterCommit.run(relay::wakeUp);
        return ids;
    }

    /** Many events of one type in one statement on a JDBC connection (same rows as {@link #publish}). */
    public BulkOutbox bulk() {
        return bulk;
    }
}
