package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

    @Test
    void producesAndConsumesThroughARealBroker() throws Exception {
        Path dir = TestDirs.fresh("kafka-roundtrip");
        try (KafkaBroker broker = KafkaBroker.start(dir, 0)) {
            System.out.printf("[figures] Kafka broker start (fresh storage, format included): %d ms%n",
                    broker.startupTime().toMillis());
            assertTrue(broker.bootstrapServers().startsWith("127.0.0.1:"));

            broker.createTopics(List.of("dev-infra-roundtrip"), 3);
            broker.createTopics(List.of("dev-infra-roundtrip"), 3); // idempotent
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                int partitions = admin.describeTopics(List.of("dev-infra-roundtrip")).allTopicNames().get()
                        .get("dev-infra-roundtrip").partitions().size();
                assertEquals(3, partitions);
            }

            Properties producerProps = new Properties();
            producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            long sendStart = System.nanoTime();
            RecordMetadata sent;
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                sent = producer.send(new ProducerRecord<>("dev-infra-roundtrip", "subject-1", "{\"n\":1}")).get();
            }

            Properties consumerProps = new Properties();
            consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "dev-infra-test");
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer =
                    new KafkaConsumer<>(consumerProps, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(Set.of("dev-infra-roundtrip"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (received.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(received::add);
                }
            }
            System.out.printf("[figures] Kafka produce + consume (group join included): %d ms%n",
                    Duration.ofNanos(System.nanoTime() - sendStart).toMillis());
            assertEquals(1, received.size());
            assertEquals("subject-1", received.get(0).key());
            assertEquals("{\"n\":1}", received.get(0).value());
            assertEquals(sent.partition(), received.get(0).partition());

            long pid = broker.pid();
            long stopStart = System.nanoTime();
            broker.close();
            System.out.printf("[figures] Kafka broker stop: %d ms%n",
                    Duration.ofNanos(System.nanoTime() - stopStart).toMillis());
            assertFalse(ProcessHandle.of(pid).map(ProcessSupport::isLive).orElse(false));
        }
    }

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        Path dir = TestDirs.fresh("kafka-restart");
        String clusterId;
        int port;
        try (KafkaBroker broker = KafkaBroker.start(dir, 0)) {
            broker.createTopics(List.of("kept-topic"), 2);
            clusterId = clusterId(broker);
            port = broker.port();
        }
        // On the same port, as LocalPlatform.restartKafka does: clients that knew the broker find it again.
        try (KafkaBroker broker = KafkaBroker.start(dir, port)) {
            System.out.printf("[figures] Kafka broker restart (storage kept): %d ms%n", broker.startupTime().toMillis());
            assertEquals(clusterId, clusterId(broker));
            assertEquals(port, broker.port());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                assertTrue(admin.listTopics().names().get().contains("kept-topic"));
            }
        }
    }

    private static String clusterId(KafkaBroker broker) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            return admin.describeCluster().clusterId().get();
        }
    }
}
