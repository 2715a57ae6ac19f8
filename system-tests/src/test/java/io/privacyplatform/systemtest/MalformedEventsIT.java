package io.privacyplatform.systemtest;

import io.privacyplatform.contracts.EventType;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event half of the security suite's bad-input run (issue 15): at least {@value #PER_TOPIC} malformed or forged
 * records on every topic of the platform (not JSON, empty, tombstones, wrong types and versions, missing CloudEvents
 * headers, invalid UTF-8, oversized, binary headers, a source that does not produce the type, and an
 * {@code erasure-confirmed} from a principal that does not own the system it confirms for). What must hold: every
 * consumer group of every service reaches the end of every partition (nothing blocks a partition), the services stay
 * ready, and nothing forged takes effect: the victim's consents survive a forged erasure order, a forged confirmation
 * is refused and listed for the officer, and no dead-letter reason echoes the data.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class MalformedEventsIT {

    static final int PER_TOPIC = 1_000;
    private static final Duration DRAIN = Duration.ofMinutes(8);
    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
    }

    private static String url(String service, String path) {
        return platform.service(service).baseUrl() + path;
    }

    @Test
    void everyConsumerMovesOnAndNothingForgedTakesEffect() throws Exception {
        String victim = "usr-forged-" + UUID.randomUUID();
        String marker = "forged-" + UUID.randomUUID();
        given().auth().oauth2(platform.token(victim, "data-subject")).contentType(ContentType.JSON)
                .body(Map.of("purpose", "marketing-email", "granted", true))
                .post(url("consent-service", "/consents")).then().statusCode(201);
        // A real erasure of another subject, completed, whose receipt a forged confirmation must not rewrite.
        String erased = "usr-erased-" + UUID.randomUUID();
        String requestId = given().auth().oauth2(platform.token(erased, "data-subject")).contentType(ContentType.JSON)
                .body("{\"type\":\"ERASURE\"}").post(url("request-service", "/requests")).then().statusCode(201)
                .extract().path("id");
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .post(url("request-service", "/requests/" + requestId + "/approve")).then().statusCode(200);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                given().auth().oauth2(platform.token(erased, "data-subject")).get(url("request-service", "/requests/" + requestId))
                        .then().statusCode(200).body("status", equalTo("COMPLETED")));
        String orderId = given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .get(url("request-service", "/requests/" + requestId + "/receipt")).then().statusCode(200).extract().path("orderId");

        Map<String, Integer> sent = new TreeMap<>();
        Instant begin = Instant.now();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (EventType<?> type : Events.ALL) {
                List<ProducerRecord<byte[], byte[]>> records = malformed(type, victim, marker);
                if (type == Events.ERASURE_CONFIRMED) {
                    // The forged confirmation of a real order: stripe's system, confirmed by consent-service's principal.
                    ErasureConfirmed forged = new ErasureConfirmed(UUID.fromString(orderId), UUID.fromString(requestId), erased,
                            "stripe", ErasureOutcome.ERASED, List.of(), List.of(), List.of(marker), Instant.now());
                    records.add(record(type, erased, ErasureEvents.json(forged), "/consent-service"));
                }
                for (ProducerRecord<byte[], byte[]> r : records) {
                    producer.send(r);
                }
                producer.flush();
                sent.put(type.topic(), records.size());
            }
        }

        // Every consumer group of the services reaches the end of every partition of those topics.
        Map<String, Long> lag = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers()))) {
            await().atMost(DRAIN).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                lag.clear();
                lag.putAll(lagPerGroup(admin));
                assertTrue(lag.values().stream().allMatch(l -> l == 0), "lag per consumer group: " + lag);
            });
        }
        long drained = Duration.between(begin, Instant.now()).toMillis();

        Map<String, Integer> deadLetters = new TreeMap<>();
        KafkaTestClient kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
        List<String> echoes = new ArrayList<>();
        for (String service : LocalPlatform.SERVICES) {
            List<ConsumerRecord<String, String>> dead = kafka.readAll(Events.deadLetterTopic(service));
            deadLetters.put(service, dead.size());
            for (ConsumerRecord<String, String> r : dead) {
                String reason = KafkaTestClient.header(r, "dead-letter-reason");
                if (reason != null && (reason.contains(marker) || reason.contains(victim))) {
                    echoes.add(service + ": " + reason);
                }
            }
        }
        System.out.printf("[security] malformed or forged events: %s (%d in all) drained by every consumer group in %d ms;"
                        + " groups %s; dead letters per service (whole run) %s; reasons echoing data: %d%n", sent,
                sent.values().stream().mapToInt(Integer::intValue).sum(), drained, lag.keySet(), deadLetters, echoes.size());

        sent.values().forEach(n -> assertTrue(n >= PER_TOPIC, "sent " + sent));
        assertEquals(List.of(), echoes);
        for (String service : LocalPlatform.SERVICES) {
            given().get(url(service, "/q/health/ready")).then().statusCode(200);
        }
        // The forged erasure order (a source that does not produce them) erased nothing.
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer")).queryParam("subjectId", victim)
                .get(url("consent-service", "/consents")).then().statusCode(200).body("history", hasSize(1));
        // The forged confirmation is refused, listed for the officer, and the receipt keeps what stripe's owner said.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String refused = given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                    .get(url("request-service", "/requests/attention/refused-confirmations?size=200")).then().statusCode(200)
                    .extract().asString();
            assertTrue(refused.contains(requestId) || refused.contains(orderId), "the forged confirmation is listed: " + refused);
        });
        String receipt = given().auth().oauth2(platform.token(erased, "data-subject")).get(url("request-service", "/requests/" + requestId + "/receipt"))
                .then().statusCode(200).body("status", equalTo("COMPLETED")).extract().asString();
        assertFalse(receipt.contains(marker), "a forged confirmation changed the receipt");
    }

    /** Lag (end offset minus committed offset) per consumer group of the services, summed over the platform's topics. */
    private static Map<String, Long> lagPerGroup(Admin admin) throws Exception {
        Set<String> topics = Set.copyOf(Events.topics());
        Map<String, Long> lag = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            if (LocalPlatform.SERVICES.stream().noneMatch(s -> group.groupId().startsWith(s))) {
                continue; // a test's own reader, not a service
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = committed.keySet().stream().filter(tp -> topics.contains(tp.topic()))
                    .collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest()));
            if (latest.isEmpty()) {
                continue;
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            long groupLag = 0;
            for (TopicPartition tp : ends.keySet()) {
                OffsetAndMetadata c = committed.get(tp);
                groupLag += ends.get(tp) - (c == null ? 0 : c.offset());
            }
            lag.put(group.groupId(), groupLag);
        }
        return lag;
    }

    /** {@value #PER_TOPIC} records of twelve kinds that no consumer may act on. */
    private static List<ProducerRecord<byte[], byte[]>> malformed(EventType<?> type, String victim, String marker) {
        String wrongSource = type.producers().contains("consent-service") ? "/request-service" : "/consent-service";
        String forgedOrder = ErasureEvents.json(ErasureEvents.order(victim, ErasureEvents.everySystem()));
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (int i = 0; out.size() < PER_TOPIC; i++) {
            String key = i % 17 == 0 ? victim : "usr-" + UUID.randomUUID();
            ProducerRecord<byte[], byte[]> r = switch (i % 12) {
                case 0 -> record(type, key, "{not json " + marker, null);
                case 1 -> record(type, key, "", null);
                case 2 -> new ProducerRecord<>(type.topic(), bytes(key), null);
                case 3 -> record(type, key, i % 2 == 0 ? "[1,2,3]" : "42", null);
                case 4 -> withHeader(record(type, key, "{}", null), "ce_type", "io.privacyplatform.unknown.v9");
                case 5 -> without(record(type, key, "{}", null), "ce_id");
                case 6 -> without(record(type, key, "{}", null), "ce_type");
                case 7 -> new ProducerRecord<>(type.topic(), bytes(key), new byte[]{'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', (byte) 0xFF, '}'});
                case 8 -> record(type, key, "{\"subjectId\":\"" + "x".repeat(100_000) + "\"}", null);
                case 9 -> withHeader(withHeader(record(type, key, "{\"a\":" + "[".repeat(3000) + "]".repeat(3000) + "}", null),
                        "ce_id", "\u0000\u202E" + "\uD83D\uDE00".repeat(50)), "ce_specversion", "0.1");
                case 10 -> record(type, key, type == Events.ERASURE_ORDERED ? forgedOrder
                        : "{\"subjectId\":\"" + victim + "\",\"orderId\":\"" + UUID.randomUUID() + "\"}", wrongSource);
                default -> record(type, i % 3 == 0 ? "k".repeat(10_000) : null,
                        "{\"subjectId\":\"' OR '1'='1\",\"purpose\":\"${jndi:ldap://127.0.0.1/a}\",\"orderId\":\"not-a-uuid\"}", null);
            };
            out.add(r);
        }
        return out;
    }

    private static ProducerRecord<byte[], byte[]> record(EventType<?> type, String key, String value, String source) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(type.topic(), key == null ? null : bytes(key), bytes(value));
        Map<String, String> headers = KafkaTestClient.cloudEventHeaders(UUID.randomUUID().toString(), type.cloudEventType(),
                key == null ? "none" : key.substring(0, Math.min(key.length(), 60)));
        if (source != null) {
            headers.put("ce_source", source);
        }
        headers.forEach((k, v) -> r.headers().add(k, bytes(v)));
        return r;
    }

    private static ProducerRecord<byte[], byte[]> withHeader(ProducerRecord<byte[], byte[]> r, String name, String value) {
        r.headers().remove(name);
        r.headers().add(name, bytes(value));
        return r;
    }

    private static ProducerRecord<byte[], byte[]> without(ProducerRecord<byte[], byte[]> r, String name) {
        r.headers().remove(name);
        return r;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2_000_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
