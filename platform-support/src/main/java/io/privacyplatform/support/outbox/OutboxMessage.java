package io.privacyplatform.support.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event waiting in the outbox (or already relayed). Never leaves the service: the relay maps it. */
@Entity
@Table(name = "platform_outbox")
public class OutboxMessage extends PanacheEntityBase {

    /** Commit order; the relay sends in this order so that one subject's events stay ordered. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long position;

    @Column(name = "event_id", nullable = false, unique = true)
    public UUID eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key", nullable = false)
    public String recordKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(name = "event_source", nullable = false)
    public String eventSource;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    @Column(nullable = false)
    public String payload;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** When Kafka refused the event for what it is (too large, an invalid topic): set aside, the later events go on. */
    @Column(name = "rejected_at")
    public Instant rejectedAt;

    /** Why: the error's class and the record's size, never the payload. */
    public String rejection;
}
