package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.testkit.ErasureEvents;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads {@code erasure-confirmed} from its end, on its own thread, and notes for each order of one batch when each
 * expected system confirmed it. An order is complete at its last expected confirmation. Only the reader thread
 * changes an order; read the orders after {@link #close()}.
 */
final class Confirmations implements AutoCloseable {

    /** One order: when it was published, which systems have still to confirm, when the last one did. */
    static final class Order {
        final UUID orderId;
        final Set<String> pending;
        volatile long publishedNanos;
        long completedNanos;
        final Map<String, String> outcomes = new TreeMap<>();

        Order(UUID orderId, List<String> expectedSystems) {
            this.orderId = orderId;
            this.pending = new HashSet<>(expectedSystems);
        }

        boolean complete() {
            return pending.isEmpty();
        }

        /** Publish to last confirmation. */
        long latencyNanos() {
            return completedNanos - publishedNanos;
        }
    }

    private final KafkaConsumer<String, String> consumer;
    private final Map<UUID, Order> orders = new HashMap<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private final Thread thread;
    private final CountDownLatch allComplete;
    private volatile boolean running = true;

    /** Positioned at the end of the topic when this returns: publish the batch afterwards. */
    Confirmations(String bootstrapServers, List<Order> batch) {
        batch.forEach(order -> orders.put(order.orderId, order));
        allComplete = new CountDownLatch(batch.size());
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Answer a poll as soon as anything arrives: the time a record is seen is the measurement.
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        consumer = new KafkaConsumer<>(props);
        String topic = Events.ERASURE_CONFIRMED.topic();
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any order is published
        thread = new Thread(this::pollLoop, "erasure-confirmed-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until every tracked order is complete, at most {@code timeout}; whether they all are. */
    boolean await(Duration timeout) throws InterruptedException {
        return allComplete.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    int completed() {
        return completed.get();
    }

    int duplicates() {
        return duplicates.get();
    }

    int unreadable() {
        return unreadable.get();
    }

    private void pollLoop() {
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                long seen = System.nanoTime();
                for (ConsumerRecord<String, String> record : records) {
                    accept(record, seen);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void accept(ConsumerRecord<String, String> record, long seenNanos) {
        ErasureConfirmed confirmation;
        try {
            confirmation = ErasureEvents.confirmed(record);
        } catch (AssertionError | RuntimeException e) {
            unreadable.incrementAndGet();
            return;
        }
        Order order = orders.get(confirmation.orderId());
        if (order == null) {
            return; // an order of an earlier batch, confirmed late
        }
        if (!order.pending.remove(confirmation.system())) {
            duplicates.incrementAndGet();
            return;
        }
        order.outcomes.put(confirmation.system(), confirmation.outcome().name());
        if (order.complete()) {
            order.completedNanos = seenNanos;
            completed.incrementAndGet();
            allComplete.countDown();
        }
    }

    /** Stops the reader; afterwards every order's state is final and visible to the caller. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }
}
