package io.privacyplatform.partnersync.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Helpers of the erasure tests: seeding, registering processor records, producing orders, reading confirmations. */
public abstract class ErasureTestBase {

    protected static final String ERASURE_ORDERED = Events.ERASURE_ORDERED.topic();
    protected static final String ERASURE_CONFIRMED = Events.ERASURE_CONFIRMED.topic();
    protected static final String DEAD_LETTERS = Events.deadLetterTopic("partner-sync-service");

    private static final SecureRandom RANDOM = new SecureRandom();

    @InjectPartnerSandbox
    protected PartnerSandbox sandbox;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    protected String bootstrapServers;

    @Inject
    protected ObjectMapper objectMapper;

    protected KafkaTestSupport kafka;

    @BeforeEach
    void openKafka() {
        kafka = new KafkaTestSupport(bootstrapServers);
    }

    @AfterEach
    void closeKafka() {
        kafka.close();
    }

    /** A fresh suffix so that each test has its own subjects and partner objects in the shared sandbox. */
    protected static String unique() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    protected static String uniqueDigits() {
        return String.valueOf(100_000_000L + Math.floorMod(RANDOM.nextLong(), 899_999_999L));
    }

    protected static String register(String subjectId, String partner, String objectType, String objectId, String purpose) {
        return given().auth().oauth2(Tokens.platform())
                .contentType(ContentType.JSON)
                .body(Map.of("subjectId", subjectId, "partner", partner, "objectType", objectType,
                        "objectId", objectId, "purpose", purpose))
                .post("/processor-records")
                .then().statusCode(201)
                .extract().path("id");
    }

    protected static ErasureOrdered order(String subjectId, List<String> expectedSystems, List<Exemption> exemptions) {
        return new ErasureOrdered(UUID.randomUUID(), UUID.randomUUID(), subjectId, ErasureReason.DATA_SUBJECT_REQUEST,
                expectedSystems, exemptions, Instant.parse("2026-02-01T09:00:00Z"));
    }

    protected RecordMetadata publish(ErasureOrdered order, String eventId) {
        return kafka.send(ERASURE_ORDERED, order.subjectId(), json(order),
                KafkaTestSupport.cloudEventHeaders(eventId, Events.ERASURE_ORDERED.cloudEventType(), order.subjectId()));
    }

    protected String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The confirmations of one order on Kafka, once there are {@code expected} of them. */
    protected List<ConsumerRecord<String, String>> awaitConfirmationRecords(UUID orderId, int expected) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInSameThread().pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    List<ConsumerRecord<String, String>> matching = confirmationRecords(orderId);
                    assertEquals(expected, matching.size(), "erasure-confirmed records of order " + orderId);
                    found.clear();
                    found.addAll(matching);
                });
        return found;
    }

    protected List<ConsumerRecord<String, String>> confirmationRecords(UUID orderId) {
        return kafka.records(ERASURE_CONFIRMED).stream()
                .filter(r -> parse(r.value()).orderId().equals(orderId))
                .toList();
    }

    protected List<ErasureConfirmed> awaitConfirmations(UUID orderId, int expected) {
        return awaitConfirmationRecords(orderId, expected).stream().map(r -> parse(r.value())).toList();
    }

    protected ErasureConfirmed parse(String json) {
        try {
            return objectMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(json, ErasureConfirmed.class);
        } catch (Exception e) {
            throw new IllegalStateException("not an ErasureConfirmed: " + e.getMessage(), e);
        }
    }

    protected static ErasureConfirmed of(List<ErasureConfirmed> confirmations, String system) {
        return confirmations.stream().filter(c -> c.system().equals(system)).findFirst()
                .orElseThrow(() -> new AssertionError("no confirmation from " + system + " in " + confirmations));
    }
}
