package io.privacyplatform.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private ErasureEvents erasures;
    private String subjectId;

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, WAIT);
        subjectId = "usr-" + UUID.randomUUID();
    }

    @Test
    void erasureDeletesEveryInventoryEntryAndConfirmsOnceWithEvidence() throws Exception {
        // The operator's name and email travel in the platform token: none of it may reach the confirmation.
        given().auth().oauth2(TestTokens.withIdentity(TestTokens.serviceAccount(TestTokens.WEB_BACKEND), TestTokens.INVENTORY_RECORDER, EMAIL, NAME)).contentType(ContentType.JSON)
                .body(entry(subjectId, "account-registration", "identity", "contact"))
                .post("/inventory").then().statusCode(201);
        given().auth().oauth2(TestTokens.inventoryRecorder()).contentType(ContentType.JSON)
                .body(entry(subjectId, "billing", "identity"))
                .post("/inventory").then().statusCode(201);
        inventoryOf(subjectId).body("entries", hasSize(2));

        ErasureOrdered order = ErasureEvents.order(subjectId, ErasureEvents.everySystem());
        String orderId = order.orderId().toString();
        String requestId = order.requestId().toString();
        erasures.publish(order);

        ConsumerRecord<String, String> confirmed = erasures.awaitConfirmation(order, Systems.RETENTION);
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

        String everything = confirmed.value() + confirmed.key() + KafkaTestClient.headersAsText(confirmed);
        for (String personal : List.of(EMAIL, NAME, "@", "Alice", "Martin")) {
            assertFalse(everything.contains(personal), "personal data on Kafka: " + personal);
        }

        inventoryOf(subjectId).body("entries", empty());

        erasures.settle(subjectId, Systems.RETENTION);
        assertEquals(1, erasures.confirmationsFrom(order, Systems.RETENTION), "exactly one confirmation per order");
    }

    @Test
    void aSubjectWithNothingInTheInventoryGetsNothingHeld() throws Exception {
        ErasureOrdered order = ErasureEvents.retentionExpiry(subjectId, ErasureEvents.everySystem());
        erasures.publish(order);

        JsonNode data = json.readTree(erasures.awaitConfirmation(order, Systems.RETENTION).value());
        assertEquals("NOTHING_HELD", data.get("outcome").asText());
        assertTrue(data.path("requestId").isNull() || data.path("requestId").isMissingNode());
        assertEquals("0 rows", data.get("evidence").get(0).get("objectId").asText());
        assertEquals("already-absent", data.get("evidence").get(0).get("result").asText());
        assertEquals("re-count: 0 rows", data.get("evidence").get(0).get("verification").asText());
    }

    @Test
    void aRedeliveredOrderIsConfirmedOnce() {
        register(subjectId);
        ErasureOrdered order = ErasureEvents.order(subjectId, ErasureEvents.everySystem());
        String eventId = UUID.randomUUID().toString();
        erasures.publish(order, eventId);
        erasures.publish(order, eventId);

        erasures.awaitConfirmation(order, Systems.RETENTION);
        // Processed a second time, the order would find nothing and confirm again with NOTHING_HELD.
        erasures.settle(subjectId, Systems.RETENTION);
        assertEquals(1, erasures.confirmationsFrom(order, Systems.RETENTION));
    }

    @Test
    void anOrderThatDoesNotExpectRetentionChangesNothing() throws Exception {
        register(subjectId);
        ErasureOrdered othersOnly = ErasureEvents.order(subjectId, List.of(Systems.CONSENT, Systems.STRIPE, Systems.HUBSPOT));
        erasures.publish(othersOnly);

        // A later order of the same subject (same partition) still finds the entry the first one had to leave.
        ErasureOrdered later = ErasureEvents.order(subjectId, ErasureEvents.everySystem());
        erasures.publish(later);
        JsonNode data = json.readTree(erasures.awaitConfirmation(later, Systems.RETENTION).value());
        assertEquals("ERASED", data.get("outcome").asText());
        assertEquals("1 rows", data.get("evidence").get(0).get("objectId").asText());
        assertEquals(0, erasures.confirmationsFrom(othersOnly, Systems.RETENTION));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String topic = Events.ERASURE_ORDERED.topic();
        String type = Events.ERASURE_ORDERED.cloudEventType();
        kafka.sendCloudEvent(topic, subjectId, type, "{not json");
        kafka.send(topic, subjectId, ErasureEvents.json(ErasureEvents.order(subjectId, ErasureEvents.everySystem())),
                Map.of("ce_specversion", "1.0", "ce_type", type, "ce_source", "/test", "content-type", "application/json"));
        kafka.sendCloudEvent(topic, subjectId, type, "{\"orderId\":\"" + UUID.randomUUID() + "\"}");
        ErasureOrdered good = ErasureEvents.order(subjectId, ErasureEvents.everySystem());
        erasures.publish(good);

        // Three consumer groups of retention-service read erasure-ordered and each dead-letters what it cannot read,
        // so the three kinds of poison arrive in any order and more than once: wait for each kind, not for a count.
        List<String> reasons = Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.readAll(Events.deadLetterTopic("retention-service")).stream()
                                .filter(r -> subjectId.equals(r.key()))
                                .map(r -> KafkaTestClient.header(r, "dead-letter-reason")).toList(),
                        found -> found.stream().anyMatch(r -> r != null && r.contains("does not bind"))
                                && found.stream().anyMatch(r -> r != null && r.contains("missing CloudEvents header ce_id"))
                                && found.stream().anyMatch(r -> r != null && r.contains("invalid data")));
        reasons.forEach(r -> assertFalse(r.contains(subjectId), "a dead-letter reason must not echo data"));

        erasures.awaitConfirmation(good, Systems.RETENTION);
    }

    private void register(String subject) {
        given().auth().oauth2(TestTokens.inventoryRecorder()).contentType(ContentType.JSON)
                .body(entry(subject, "service-provision", "identity", "connection"))
                .post("/inventory").then().statusCode(201);
    }

    private static String entry(String subject, String purpose, String... categories) {
        return "{\"subjectId\":\"" + subject + "\",\"purpose\":\"" + purpose + "\",\"dataCategories\":[\""
                + String.join("\",\"", categories) + "\"]}";
    }

    private ValidatableResponse inventoryOf(String subject) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject)
                .get("/inventory").then().statusCode(200).body("subjectId", equalTo(subject));
    }
}
