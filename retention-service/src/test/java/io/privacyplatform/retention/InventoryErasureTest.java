package io.privacyplatform.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.devinfra.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** erasure-ordered in, through the real broker and database, erasure-confirmed out. */
@QuarkusTest
class InventoryErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String EMAIL = "alice.martin@example.fr";
    private static final String NAME = "Alice Martin";
    private final ObjectMapper json = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private KafkaTestClient kafka;
    private String subjectId;

    @BeforeEach
    void setUp() {
        kafka = new KafkaTestClient(bootstrapServers);
        subjectId = "usr-" + UUID.randomUUID();
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @Test
    void erasureDeletesEveryInventoryEntryAndConfirmsOnceWithEvidence() throws Exception {
        // The operator's name and email travel in the platform token: none of it may reach the confirmation.
        given().auth().oauth2(Tokens.platformWithIdentity(EMAIL, NAME)).contentType(ContentType.JSON)
                .body(entry(subjectId, "account-registration", "identity", "contact"))
                .post("/inventory").then().statusCode(201);
        given().auth().oauth2(Tokens.platform()).contentType(ContentType.JSON)
                .body(entry(subjectId, "billing", "identity"))
                .post("/inventory").then().statusCode(201);
        inventoryOf(subjectId).body("entries", hasSize(2));

        String orderId = UUID.randomUUID().toString();
        String requestId = UUID.randomUUID().toString();
        order(orderId, requestId, Systems.ALL);

        ConsumerRecord<String, String> confirmed = awaitConfirmation(orderId);
        assertEquals(subjectId, confirmed.key());
        assertEquals(Events.ERASURE_CONFIRMED.cloudEventType(), KafkaTestClient.header(confirmed, "ce_type"));
        assertEquals("1.0", KafkaTestClient.header(confirmed, "ce_specversion"));
        assertEquals("/retention-service", KafkaTestClient.header(confirmed, "ce_source"));
        assertEquals(subjectId, KafkaTestClient.header(confirmed, "ce_subject"));
        assertNotNull(KafkaTestClient.header(confirmed, "ce_id"));
        assertNotNull(KafkaTestClient.header(confirmed, "ce_time"));

        JsonNode data = json.readTree(confirmed.value());
        assertEquals(orderId, data.get("orderId").asText());
        assertEquals(requestId, data.get("requestId").asText());
        assertEquals(subjectId, data.get("subjectId").asText());
        assertEquals("retention", data.get("system").asText());
        assertEquals("ERASED", data.get("outcome").asText());
        assertEquals(json.readTree("""
                [{"objectType":"inventory-entries","objectId":"2 rows","action":"DELETE","result":"deleted",
                  "verification":"re-count: 0 rows"}]"""), data.get("evidence"));
        assertTrue(data.get("retained").isEmpty());
        assertTrue(data.get("notices").isEmpty());
        assertNotNull(Instant.parse(data.get("confirmedAt").asText()));

        String everything = confirmed.value() + confirmed.key() + headersOf(confirmed);
        for (String personal : List.of(EMAIL, NAME, "@", "Alice", "Martin")) {
            assertFalse(everything.contains(personal), "personal data on Kafka: " + personal);
        }

        inventoryOf(subjectId).body("entries", empty());

        settle();
        assertEquals(1, confirmationsOf(orderId), "exactly one confirmation per order");
    }

    @Test
    void aSubjectWithNothingInTheInventoryGetsNothingHeld() throws Exception {
        String orderId = UUID.randomUUID().toString();
        kafka.sendCloudEvent(Events.ERASURE_ORDERED.topic(), subjectId, Events.ERASURE_ORDERED.cloudEventType(),
                orderJson(orderId, null, "RETENTION_EXPIRED", Systems.ALL));

        JsonNode data = json.readTree(awaitConfirmation(orderId).value());
        assertEquals("NOTHING_HELD", data.get("outcome").asText());
        assertTrue(data.path("requestId").isNull() || data.path("requestId").isMissingNode());
        assertEquals("0 rows", data.get("evidence").get(0).get("objectId").asText());
        assertEquals("already-absent", data.get("evidence").get(0).get("result").asText());
        assertEquals("re-count: 0 rows", data.get("evidence").get(0).get("verification").asText());
    }

    @Test
    void aRedeliveredOrderIsConfirmedOnce() {
        register(subjectId);
        String orderId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        String order = orderJson(orderId, UUID.randomUUID().toString(), "DATA_SUBJECT_REQUEST", Systems.ALL);
        kafka.sendCloudEvent(Events.ERASURE_ORDERED.topic(), subjectId, eventId, Events.ERASURE_ORDERED.cloudEventType(), order);
        kafka.sendCloudEvent(Events.ERASURE_ORDERED.topic(), subjectId, eventId, Events.ERASURE_ORDERED.cloudEventType(), order);

        awaitConfirmation(orderId);
        // Processed a second time, the order would find nothing and confirm again with NOTHING_HELD.
        settle();
        assertEquals(1, confirmationsOf(orderId));
    }

    @Test
    void anOrderThatDoesNotExpectRetentionChangesNothing() throws Exception {
        register(subjectId);
        String othersOnly = UUID.randomUUID().toString();
        order(othersOnly, UUID.randomUUID().toString(), List.of(Systems.CONSENT, Systems.STRIPE, Systems.HUBSPOT));

        // A later order of the same subject (same partition) still finds the entry the first one had to leave.
        String later = UUID.randomUUID().toString();
        order(later, UUID.randomUUID().toString(), Systems.ALL);
        JsonNode data = json.readTree(awaitConfirmation(later).value());
        assertEquals("ERASED", data.get("outcome").asText());
        assertEquals("1 rows", data.get("evidence").get(0).get("objectId").asText());
        assertEquals(0, confirmationsOf(othersOnly));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String topic = Events.ERASURE_ORDERED.topic();
        String type = Events.ERASURE_ORDERED.cloudEventType();
        kafka.sendCloudEvent(topic, subjectId, type, "{not json");
        kafka.send(topic, subjectId, orderJson(UUID.randomUUID().toString(), null, "DATA_SUBJECT_REQUEST", Systems.ALL),
                Map.of("ce_specversion", "1.0", "ce_type", type, "ce_source", "/test", "content-type", "application/json"));
        kafka.sendCloudEvent(topic, subjectId, type, "{\"orderId\":\"" + UUID.randomUUID() + "\"}");
        String good = UUID.randomUUID().toString();
        order(good, UUID.randomUUID().toString(), Systems.ALL);

        List<ConsumerRecord<String, String>> dead = kafka.awaitRecords(Events.deadLetterTopic("retention-service"),
                r -> subjectId.equals(r.key()), 3, WAIT);
        List<String> reasons = dead.stream().map(r -> KafkaTestClient.header(r, "dead-letter-reason")).toList();
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("does not bind")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("missing CloudEvents header ce_id")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("invalid data")), reasons.toString());
        reasons.forEach(r -> assertFalse(r.contains(subjectId), "a dead-letter reason must not echo data"));

        awaitConfirmation(good);
    }

    private void register(String subject) {
        given().auth().oauth2(Tokens.platform()).contentType(ContentType.JSON)
                .body(entry(subject, "service-provision", "identity", "connection"))
                .post("/inventory").then().statusCode(201);
    }

    private static String entry(String subject, String purpose, String... categories) {
        return "{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + purpose + "\",\"dataCategories\":[\""
                + String.join("\",\"", categories) + "\"]}";
    }

    private ValidatableResponse inventoryOf(String subject) {
        return given().auth().oauth2(Tokens.privacyOfficer()).queryParam("subjectId", subject)
                .get("/inventory").then().statusCode(200).body("subjectId", equalTo(subject));
    }

    private void order(String orderId, String requestId, List<String> expectedSystems) {
        kafka.sendCloudEvent(Events.ERASURE_ORDERED.topic(), subjectId, Events.ERASURE_ORDERED.cloudEventType(),
                orderJson(orderId, requestId, "DATA_SUBJECT_REQUEST", expectedSystems));
    }

    private String orderJson(String orderId, String requestId, String reason, List<String> expectedSystems) {
        try {
            return """
                    {"orderId":"%s","requestId":%s,"subjectId":"%s","reason":"%s","expectedSystems":%s,
                     "exemptions":[{"system":"stripe","dataCategory":"billing-records","legalBasis":"French commercial code L123-22"}],
                     "orderedAt":"%s"}"""
                    .formatted(orderId, requestId == null ? "null" : "\"" + requestId + "\"", subjectId, reason,
                            json.writeValueAsString(expectedSystems), Instant.now());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends one more order for the subject and waits for its confirmation. The subject's records share a
     * partition and the outbox relays in commit order, so everything sent before has been handled and
     * relayed by then: a count taken afterwards is final.
     */
    private void settle() {
        String marker = UUID.randomUUID().toString();
        order(marker, null, Systems.ALL);
        awaitConfirmation(marker);
    }

    private ConsumerRecord<String, String> awaitConfirmation(String orderId) {
        return kafka.awaitRecord(Events.ERASURE_CONFIRMED.topic(), confirms(orderId), WAIT);
    }

    private long confirmationsOf(String orderId) {
        return kafka.readAll(Events.ERASURE_CONFIRMED.topic()).stream().filter(confirms(orderId)).count();
    }

    private Predicate<ConsumerRecord<String, String>> confirms(String orderId) {
        return record -> {
            if (!subjectId.equals(record.key())) {
                return false;
            }
            try {
                JsonNode data = json.readTree(record.value());
                return orderId.equals(data.path("orderId").asText()) && Systems.RETENTION.equals(data.path("system").asText());
            } catch (java.io.IOException e) {
                return false;
            }
        };
    }

    private static String headersOf(ConsumerRecord<String, String> record) {
        StringBuilder all = new StringBuilder();
        for (Header header : record.headers()) {
            all.append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8)).append(';');
        }
        return all.toString();
    }
}
