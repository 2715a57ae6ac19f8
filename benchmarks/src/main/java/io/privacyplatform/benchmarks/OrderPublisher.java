package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes {@code erasure-ordered} as request-service does (CloudEvents binary mode, keyed by the subject id), without
 * waiting for each acknowledgement: all at once, or at a fixed pace. Each order's publish time is taken just before
 * its send.
 */
final class OrderPublisher implements AutoCloseable {

    /** An order and its tracking entry. */
    record Published(ErasureOrdered order, Confirmations.Order tracking) {
    }

    private final KafkaProducer<String, String> producer;

    OrderPublisher(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(props);
        // Fetch the topic's metadata now rather than in the first order's send.
        producer.partitionsFor(Events.ERASURE_ORDERED.topic());
    }

    /**
     * Publishes every order, all at once ({@code ratePerSecond} 0) or one every 1/rate s, and returns once the
     * broker acknowledged them all.
     */
    void publish(List<Published> orders, double ratePerSecond, Duration timeout) throws InterruptedException {
        CountDownLatch acknowledged = new CountDownLatch(orders.size());
        AtomicReference<Exception> failure = new AtomicReference<>();
        if (ratePerSecond <= 0) {
            orders.forEach(order -> send(order, acknowledged, failure));
        } else {
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "order-pacer"));
            double intervalNanos = TimeUnit.SECONDS.toNanos(1) / ratePerSecond;
            for (int i = 0; i < orders.size(); i++) {
                Published order = orders.get(i);
                pacer.schedule(() -> send(order, acknowledged, failure), Math.round(i * intervalNanos), TimeUnit.NANOSECONDS);
            }
            pacer.shutdown(); // still runs every scheduled send, then ends
        }
        producer.flush();
        if (!acknowledged.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("orders not acknowledged by the broker within " + timeout);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("publishing an order failed", failure.get());
        }
    }

    private void send(Published published, CountDownLatch acknowledged, AtomicReference<Exception> failure) {
        ErasureOrdered order = published.order();
        ProducerRecord<String, String> record = new ProducerRecord<>(Events.ERASURE_ORDERED.topic(), order.subjectId(),
                ErasureEvents.json(order));
        KafkaTestClient.cloudEventHeaders(UUID.randomUUID().toString(), Events.ERASURE_ORDERED.cloudEventType(), order.subjectId())
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        published.tracking().publishedNanos = System.nanoTime();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            acknowledged.countDown();
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
