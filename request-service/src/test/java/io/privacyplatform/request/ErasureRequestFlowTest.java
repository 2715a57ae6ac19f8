package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ErasureRequestFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
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
    void erasureIsFiledApprovedOrderedAndCompletedOnceEverySystemConfirmed() throws Exception {
        String requestId = fileErasure();

        ConsumerRecord<String, String> filed = kafka.awaitRecord(Events.REQUEST_FILED.topic(),
                r -> subjectId.equals(r.key()), WAIT);
        assertEquals(Events.REQUEST_FILED.cloudEventType(), KafkaTestClient.header(filed, "ce_type"));
        assertEquals("1.0", KafkaTestClient.header(filed, "ce_specversion"));
        assertEquals("/request-service", KafkaTestClient.header(filed, "ce_source"));
        assertNotNull(KafkaTestClient.header(filed, "ce_id"));
        JsonNode filedData = json.readTree(filed.value());
        assertEquals(requestId, filedData.get("requestId").asText());
        assertEquals("ERASURE", filedData.get("requestType").asText());

        given().auth().oauth2(TestTokens.privacyOfficer())
                .post("/requests/{id}/approve", requestId)
                .then().statusCode(200).body("status", equalTo("IN_PROGRESS"));

        ConsumerRecord<String, String> ordered = kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT);
        JsonNode order = json.readTree(ordered.value());
        assertEquals(requestId, order.get("requestId").asText());
        assertEquals("DATA_SUBJECT_REQUEST", order.get("reason").asText());
        assertEquals(List.of("consent", "retention", "stripe", "hubspot", "openai", "account-database"),
                json.convertValue(order.get("expectedSystems"), List.class));
        assertEquals("billing-records", order.get("exemptions").get(0).get("dataCategory").asText());
        String orderId = order.get("orderId").asText();

        for (String system : List.of("consent", "retention", "stripe", "hubspot", "account-database")) {
            confirm(orderId, requestId, system, "ERASED", Instant.now());
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .get("/requests/{id}/receipt", requestId)
                .then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS"))
                .body("systems", hasSize(5))
                .body("awaiting", contains("openai"))
                .body("registeredSystems.find { it.system == 'openai' }.status", equalTo("awaiting")));

        confirm(orderId, requestId, "openai", "ERASED", Instant.now());
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .get("/requests/{id}", requestId)
                .then().statusCode(200).body("status", equalTo("COMPLETED")).body("closedAt", notNullValue()));

        given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .get("/requests/{id}/receipt", requestId)
                .then().statusCode(200)
                .body("systems.system", containsInAnyOrder("consent", "retention", "stripe", "hubspot", "openai", "account-database"))
                .body("systems.outcome", everyItemIs("ERASED"))
                .body("awaiting", empty())
                // Every registered system is named: what it did, or why the order does not concern it.
                .body("registeredSystems.system", contains("consent", "retention", "request", "stripe", "hubspot", "openai",
                        "account-database"))
                .body("registeredSystems.findAll { it.system != 'request' }.status", everyItemIs("ERASED"))
                .body("registeredSystems.find { it.system == 'account-database' }.kind", equalTo("datastore"))
                .body("registeredSystems.find { it.system == 'account-database' }.evidence[0].result", equalTo("deleted"))
                .body("registeredSystems.find { it.system == 'request' }.status", equalTo("not concerned by this order"))
                .body("registeredSystems.find { it.system == 'request' }.reason",
                        equalTo("request-service keeps the records of the requests as their proof (GDPR Art. 5(2)); no order changes them"));

        given().auth().oauth2(TestTokens.privacyOfficer())
                .get("/requests/{id}", requestId)
                .then().statusCode(200)
                .body("history.kind", contains("FILED", "APPROVED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED",
                        "CONFIRMED", "CONFIRMED", "COMPLETED"))
                .body("history.to", contains("FILED", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS",
                        "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED"))
                .body("history.actor", contains(subjectId, "dpo-1", "system:consent", "system:retention", "system:stripe",
                        "system:hubspot", "system:account-database", "system:openai", "system:request-service"))
                .body("history[1].note", containsString("exemptions: stripe/billing-records"));
    }

    @Test
    void aFailedSystemLeavesTheRequestPartiallyCompletedUntilItConfirmsLater() throws Exception {
        String requestId = fileErasure();
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", requestId).then().statusCode(200);
        String orderId = json.readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value()).get("orderId").asText();

        Instant first = Instant.now();
        for (String system : List.of("consent", "retention", "stripe", "openai", "account-database")) {
            confirm(orderId, requestId, system, "ERASED", first);
        }
        confirm(orderId, requestId, "hubspot", "FAILED", first);
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .get("/requests/{id}", requestId).then().statusCode(200).body("status", equalTo("PARTIALLY_COMPLETED"))
                .body("outcomeReasons[0]", containsString("hubspot could not erase"))
                .body("notices.kind", hasItem("PARTIALLY_COMPLETED")));

        // An operator retried the HubSpot task; partner-sync reports again, later.
        confirm(orderId, requestId, "hubspot", "ERASED", first.plusSeconds(60));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.privacyOfficer())
                .get("/requests/{id}", requestId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("history.kind", contains("FILED", "APPROVED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "CONFIRMED",
                        "CONFIRMED", "CONFIRMED", "PARTIALLY_COMPLETED", "CONFIRMED", "COMPLETED")));
        receipt(requestId).body("systems.find { it.system == 'hubspot' }.outcome", equalTo("ERASED"));
    }

    @Test
    void aRedeliveredConfirmationHasNoSecondEffect() throws Exception {
        String requestId = fileErasure();
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", requestId).then().statusCode(200);
        String orderId = json.readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value()).get("orderId").asText();

        String eventId = UUID.randomUUID().toString();
        erasures.publish(confirmation(orderId, requestId, "stripe", "FAILED", Instant.now()), eventId);
        await().atMost(WAIT).untilAsserted(() -> receipt(requestId).body("systems.outcome", contains("FAILED")));

        // Same event id, different content: a redelivery must be recognised and skipped.
        erasures.publish(confirmation(orderId, requestId, "stripe", "ERASED", Instant.now().plusSeconds(5)), eventId);
        // A later, distinct confirmation proves the consumer went past the redelivery.
        confirm(orderId, requestId, "consent", "ERASED", Instant.now());
        await().atMost(WAIT).untilAsserted(() -> receipt(requestId).body("systems", hasSize(2)));
        receipt(requestId).body("systems.find { it.system == 'stripe' }.outcome", equalTo("FAILED"));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() throws Exception {
        String requestId = fileErasure();
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", requestId).then().statusCode(200);
        String orderId = json.readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value()).get("orderId").asText();

        kafka.sendCloudEvent(Events.ERASURE_CONFIRMED.topic(), subjectId, Events.ERASURE_CONFIRMED.cloudEventType(), "{not json");
        kafka.send(Events.ERASURE_CONFIRMED.topic(), subjectId, ErasureEvents.json(confirmation(orderId, requestId, "hubspot", "ERASED", Instant.now())),
                java.util.Map.of("content-type", "application/json"));
        kafka.sendCloudEvent(Events.ERASURE_CONFIRMED.topic(), subjectId, Events.ERASURE_CONFIRMED.cloudEventType(),
                "{\"orderId\":\"" + orderId + "\"}");
        confirm(orderId, requestId, "retention", "ERASED", Instant.now());

        List<ConsumerRecord<String, String>> dead = kafka.awaitRecords(Events.deadLetterTopic("request-service"),
                r -> subjectId.equals(r.key()), 3, WAIT);
        List<String> reasons = dead.stream().map(r -> KafkaTestClient.header(r, "dead-letter-reason")).toList();
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("does not bind")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("missing CloudEvents header ce_id")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("invalid data")), reasons.toString());
        reasons.forEach(r -> assertFalse(r.contains(subjectId), "a dead-letter reason must not echo data"));

        await().atMost(WAIT).untilAsserted(() -> receipt(requestId).body("systems.system", contains("retention")));
    }

    private String fileErasure() {
        return given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .contentType(ContentType.JSON).body("{\"type\":\"ERASURE\"}")
                .post("/requests")
                .then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/requests/"))
                .body("status", equalTo("FILED"))
                .body("subjectId", equalTo(subjectId))
                .body("dueOn", notNullValue())
                .extract().path("id");
    }

    private io.restassured.response.ValidatableResponse receipt(String requestId) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).get("/requests/{id}/receipt", requestId).then().statusCode(200);
    }

    private void confirm(String orderId, String requestId, String system, String outcome, Instant at) {
        erasures.publish(confirmation(orderId, requestId, system, outcome, at));
    }

    private ErasureConfirmed confirmation(String orderId, String requestId, String system, String outcome, Instant at) {
        return new ErasureConfirmed(UUID.fromString(orderId), UUID.fromString(requestId), subjectId, system,
                ErasureOutcome.valueOf(outcome), List.of(new Evidence("record", "1", "delete", "deleted", "read back: absent")),
                List.of(), List.of(), at);
    }

    private static org.hamcrest.Matcher<Iterable<? extends String>> everyItemIs(String value) {
        return org.hamcrest.Matchers.everyItem(equalTo(value));
    }
}
