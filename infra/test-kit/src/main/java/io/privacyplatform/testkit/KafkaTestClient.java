package io.privacyplatform.testkit;

import io.privacyplatform.contracts.EventType;
import io.privacyplatform.contracts.Events;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a test needs from a real broker: publish CloudEvents (binary mode) or raw records, and wait until
 * records matching a condition are on a topic. Reads always start from the beginning of every partition,
 * so a test filters on its own subject id rather than relying on offsets.
 */
public class KafkaTestClient implements AutoCloseable {

    private final Supplier<String> bootstrapServers;
    /** Created on the first send. */
    private KafkaProducer<String, String> producer;

    public KafkaTestClient(String bootstrapServers) {
        this(() -> bootstrapServers);
    }

    /** The broker's address asked for on first use (see {@link KafkaClientExtension}). */
    KafkaTestClient(Supplier<String> bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    private synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(props);
        }
        return producer;
    }

    /** Publishes a CloudEvents 1.0 binary-mode record with a fresh id; returns the id. */
    public String sendCloudEvent(String topic, String key, String type, String jsonData) {
        String id = UUID.randomUUID().toString();
        sendCloudEvent(topic, key, id, type, jsonData);
        return id;
    }

    /** Publishes a CloudEvents 1.0 binary-mode record with the given id (to test redelivery). */
    public RecordMetadata sendCloudEvent(String topic, String key, String id, String type, String jsonData) {
        return send(topic, key, jsonData, cloudEventHeaders(id, type, key));
    }

    /**
     * The headers of a CloudEvents 1.0 binary-mode record, in a map the caller may change (e.g. drop
     * {@code ce_id} to make a poison record).
     */
    public static Map<String, String> cloudEventHeaders(String id, String type, String subject) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_type", type);
        headers.put("ce_source", sourceFor(type));
        headers.put("ce_subject", subject);
        headers.put("ce_time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        headers.put("content-type", "application/json");
        return headers;
    }

    /**
     * The CloudEvents source a consumer accepts for {@code type}: its first producer's (contracts' {@code Events}),
     * or {@code /test} for the confirmations, which the receiving gate checks itself.
     */
    public static String sourceFor(String type) {
        return Events.ALL.stream().filter(t -> t.cloudEventType().equals(type)).findFirst()
                .filter(t -> !t.producers().isEmpty()).map(t -> EventType.sourceOf(t.producers().get(0)))
                .orElse("/test");
    }

    /** Publishes any record, e.g. a poison one, and waits for the broker's acknowledgement. */
    public RecordMetadata send(String topic, String key, String value, Map<String, String> headers) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            return producer().send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("send to " + topic + " failed", e.getCause());
        }
    }

    /** Waits until at least {@code count} records of the topic match, and returns the matching ones. */
    public List<ConsumerRecord<String, String>> awaitRecords(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                            int count, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && Instant.now().isBefore(deadline)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                if (infos != null) {
                    infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (matching.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matching.add(record);
                    }
                }
            }
        }
        if (matching.size() < count) {
            throw new AssertionError("expected " + count + " matching record(s) on " + topic + " within " + timeout
                    + ", found " + matching.size());
        }
        return matching;
    }

    public ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match,
                                                      Duration timeout) {
        return awaitRecords(topic, match, 1, timeout).get(0);
    }

    /** Every record currently on the topic (reads until the end offsets seen at the start). */
    public List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                return all;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** The consumer group's committed offset (the next offset it reads) of a partition, -1 when there is none. */
    public long committedOffset(String groupId, String topic, int partition) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, partition));
            return offset == null ? -1 : offset.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the offsets of group " + groupId, e);
        }
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Every header of the record as {@code name=value;}, e.g. to check that none carries personal data. */
    public static String headersAsText(ConsumerRecord<?, ?> record) {
        StringBuilder all = new StringBuilder();
        for (Header header : record.headers()) {
            all.append(header.key()).append('=')
                    .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8)).append(';');
        }
        return all.toString();
    }

    private KafkaConsumer<String, String> newConsumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers.get());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props);
    }

    /** Closes the producer, if there is one; a later send opens a new one. */
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
