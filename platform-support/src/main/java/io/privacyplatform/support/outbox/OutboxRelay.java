package io.privacyplatform.support.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.jpa.HibernateHints;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends outbox rows to Kafka in commit order and marks them published once the broker acknowledged
 * them (idempotent producer, acks=all). Runs right after each commit that wrote to the outbox and on a
 * timer, on one thread per instance; a PostgreSQL advisory lock lets only one replica relay at a time,
 * which keeps each subject's events in order. A row sent but not yet marked (crash, timeout) is sent
 * again: consumers deduplicate on the event id. A row Kafka refuses for what it is (too large, an invalid
 * topic) is set aside ({@code rejected_at}) rather than sent again forever ahead of every later event.
 */
@ApplicationScoped
public class OutboxRelay {

    /** Arbitrary constant identifying the relay's advisory lock within one service database. */
    private static final long RELAY_LOCK = 0x6f7574626f78L;

    private final OutboxSender sender;
    private final EntityManager entityManager;
    private final AdvisoryLocks locks;
    private final OutboxConfig config;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "outbox-relay");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean runQueued = new AtomicBoolean();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong oldestPendingEpochMilli = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Counter rejected;

    private volatile boolean started;

    OutboxRelay(OutboxSender sender, EntityManager entityManager, AdvisoryLocks locks, OutboxConfig config,
                MeterRegistry registry) {
        this.sender = sender;
        this.entityManager = entityManager;
        this.locks = locks;
        this.config = config;
        this.published = Counter.builder("platform.outbox.published").description("Events relayed to Kafka").register(registry);
        this.failures = Counter.builder("platform.outbox.relay.failures").description("Relay attempts that failed and will be retried").register(registry);
        this.rejected = Counter.builder("platform.outbox.rejected").description("Events Kafka refused for what they are (too large, an invalid topic), set aside").register(registry);
        Gauge.builder("platform.outbox.pending", pending, AtomicLong::get).description("Events committed but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("platform.outbox.lag.seconds", this, OutboxRelay::lagSeconds).description("Age of the oldest event not yet relayed").register(registry);
    }

    /** Relaying starts once the application, messaging channels included, is up. */
    void start(@Observes @Priority(Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        started = true;
        wakeUp();
    }

    /** Asks for a relay run soon; several calls before it starts collapse into one run. */
    public void wakeUp() {
        if (started && !worker.isShutdown() && runQueued.compareAndSet(false, true)) {
            try {
                worker.execute(() -> {
                    runQueued.set(false);
                    relayAll();
                });
            } catch (RejectedExecutionException shuttingDown) {
                // The application is stopping: pending rows are relayed at the next start.
            }
        }
    }

    @Scheduled(every = "${platform.outbox.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        wakeUp();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        Instant before = Instant.now().minus(config.keepPublished());
        QuarkusTransaction.requiringNew().run(() ->
                OutboxMessage.delete("publishedAt is not null and publishedAt < ?1", before));
    }

    void stop(@Observes ShutdownEvent event) {
        started = false;
        worker.shutdown();
    }

    private void relayAll() {
        try {
            int sent;
            do {
                sent = QuarkusTransaction.requiringNew().call(this::relayBatch);
            } while (sent == config.batchSize());
        } catch (RuntimeException e) {
            failures.increment();
            // Rows stay pending and are retried at the next wake-up; the cause carries no payload.
            Log.warnf("Outbox relay failed, will retry: %s", SafeLog.describe(e));
        }
    }

    private int relayBatch() throws Exception {
        if (!locks.tryLock(RELAY_LOCK)) {
            return 0;
        }
        // Read-only: the rows are marked sent by one statement below, not by dirty checking (one full-row update each).
        List<OutboxMessage> batch = OutboxMessage.<OutboxMessage>find("publishedAt is null and rejectedAt is null order by position")
                .withHint(HibernateHints.HINT_READ_ONLY, true)
                .page(0, config.batchSize()).list();
        refreshGauges(batch);
        if (batch.isEmpty()) {
            return 0;
        }

        List<CompletableFuture<Void>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage row : batch) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            sender.send(toKafkaMessage(row, ack));
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Mark the acknowledged prefix only, so that order is kept when the rest is sent again.
            Log.debugf("Outbox batch partly acknowledged: %s", SafeLog.describe(e));
        }

        // The acknowledged prefix is marked sent, the refused rows in it set aside; from the first row neither
        // acknowledged nor refused on, everything is sent again next time, in order.
        List<Long> sent = new ArrayList<>(batch.size());
        int done = 0;
        for (; done < batch.size(); done++) {
            CompletableFuture<Void> ack = acks.get(done);
            if (ack.isDone() && !ack.isCompletedExceptionally()) {
                sent.add(batch.get(done).position);
            } else if (!setAsideIfRefused(batch.get(done), ack)) {
                break;
            }
        }
        if (!sent.isEmpty()) {
            OutboxMessage.update("publishedAt = ?1 where position in ?2", Instant.now(), sent);
        }
        published.increment(sent.size());
        if (done < batch.size()) {
            failures.increment();
            Log.warnf("Outbox relay: Kafka acknowledged %d of %d events; the rest is sent again", sent.size(), batch.size());
        }
        return done;
    }

    /**
     * Sets the row aside when Kafka refused it for what it is (a record too large, an invalid topic: sending it again
     * fails again), so that it does not hold back every later event of the service; true if it did. Any other
     * failure (a broker away, a timeout) may pass, and the row is sent again.
     */
    private boolean setAsideIfRefused(OutboxMessage row, CompletableFuture<Void> ack) {
        Throwable refused = null;
        try {
            ack.getNow(null);
        } catch (CompletionException | CancellationException e) {
            refused = e.getCause() == null ? e : e.getCause();
        }
        while (refused != null && !(refused instanceof RecordTooLargeException)
                && !(refused instanceof InvalidTopicException)) {
            refused = refused.getCause();
        }
        if (refused == null) {
            return false;
        }
        String why = refused.getClass().getSimpleName() + ": a record of "
                + row.payload.getBytes(StandardCharsets.UTF_8).length + " bytes of data to topic " + row.topic;
        OutboxMessage.update("rejectedAt = ?1, rejection = ?2 where position = ?3", Instant.now(), why, row.position);
        rejected.increment();
        // Ids, type and size only: the payload stays in the table.
        Log.errorf("Outbox event %s (%s) set aside, Kafka refuses it: %s. The service's later events go on; fix the cause, "
                + "then re-queue it (update platform_outbox set rejected_at = null where event_id = '%s').",
                row.eventId, row.eventType, why, row.eventId);
        return true;
    }

    private Message<String> toKafkaMessage(OutboxMessage row, CompletableFuture<Void> ack) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.topic)
                .withKey(row.recordKey)
                .build();
        OutgoingCloudEventMetadata<Object> cloudEvent = OutgoingCloudEventMetadata.builder()
                .withId(row.eventId.toString())
                .withType(row.eventType)
                .withSource(URI.create(row.eventSource))
                .withSubject(row.recordKey)
                .withTimestamp(row.occurredAt.atZone(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .build();
        return Message.of(row.payload)
                .addMetadata(kafka)
                .addMetadata(cloudEvent)
                .withAck(() -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private void refreshGauges(List<OutboxMessage> batch) {
        long count = batch.size() < config.batchSize() ? batch.size()
                : ((Number) entityManager.createNativeQuery("select count(*) from platform_outbox where published_at is null and rejected_at is null")
                        .getSingleResult()).longValue();
        pending.set(count);
        oldestPendingEpochMilli.set(batch.isEmpty() ? 0 : batch.get(0).occurredAt.toEpochMilli());
    }

    private double lagSeconds() {
        long oldest = oldestPendingEpochMilli.get();
        return oldest == 0 ? 0 : Duration.between(Instant.ofEpochMilli(oldest), Instant.now()).toMillis() / 1000.0;
    }
}
