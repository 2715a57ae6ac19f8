package io.privacyplatform.consent;

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
class ConsentErasureTest {

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
    void erasureDeletesEveryConsentRecordAndConfirmsOnceWithEvidence() throws Exception {
        // The subject's own token carries their email and name, as an identity provider's does.
        given().auth().oauth2(TestTokens.withIdentity(subjectId, TestTokens.DATA_SUBJECT, EMAIL, NAME)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then().statusCode(201);
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"partner-referral\",\"granted\":true,\"source\":\"partner\","
                        + "\"partner\":\"acme\",\"evidence\":\"acme:req/77\",\"email\":\"" + EMAIL + "\"}")
                .post("/consents").then().statusCode(201);
        consentsOf(subjectId).body("history", hasSize(2));

        ErasureOrdered order = ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS);
        String orderId = order.orderId().toString();
        String requestId = order.requestId().toString();
        erasures.publish(order);

        ConsumerRecord<String, String> confirmed = erasures.awaitConfirmation(order, Systems.CONSENT);
        assertEquals(subjectId, confirmed.key());
        assertEquals(Events.ERASURE_CONFIRMED.cloudEventType(), KafkaTestClient.header(confirmed, "ce_type"));
        assertEquals("1.0", KafkaTestClient.header(confirmed, "ce_specversion"));
        assertEquals("/consent-service", KafkaTestClient.header(confirmed, "ce_source"));
        assertEquals(subjectId, KafkaTestClient.header(confirmed, "ce_subject"));
        assertNotNull(KafkaTestClient.header(confirmed, "ce_id"));
        assertNotNull(KafkaTestClient.header(confirmed, "ce_time"));

        JsonNode data = json.readTree(confirmed.value());
        assertEquals(orderId, data.get("orderId").asText());
        assertEquals(requestId, data.get("requestId").asText());
        assertEquals(subjectId, data.get("subjectId").asText());
        assertEquals("consent", data.get("system").asText());
        assertEquals("ERASED", data.get("outcome").asText());
        // Every table of the subject, each re-counted; a subject who never refused marketing leaves nothing behind.
        assertEquals(json.readTree("""
                [{"objectType":"consent-records","objectId":"2 rows","action":"DELETE","result":"deleted","verification":"re-count: 0 rows"},
                 {"objectType":"consent-states","objectId":"2 rows","action":"DELETE","result":"deleted","verification":"re-count: 0 rows"},
                 {"objectType":"restrictions","objectId":"0 rows","action":"DELETE","result":"already-absent","verification":"re-count: 0 rows"},
                 {"objectType":"unsubscribe-links","objectId":"0 rows","action":"DELETE","result":"already-absent","verification":"re-count: 0 rows"},
                 {"objectType":"email-hashes","objectId":"1 rows","action":"DELETE","result":"deleted","verification":"re-count: 0 rows"}]"""),
                data.get("evidence"));
        assertTrue(data.get("retained").isEmpty());
        assertTrue(data.get("notices").isEmpty());
        assertNotNull(Instant.parse(data.get("confirmedAt").asText()));

        String everything = confirmed.value() + confirmed.key() + KafkaTestClient.headersAsText(confirmed);
        for (String personal : List.of(EMAIL, NAME, "@", "Alice", "Martin")) {
            assertFalse(everything.contains(personal), "personal data on Kafka: " + personal);
        }

        consentsOf(subjectId).body("history", empty()).body("current", empty());

        erasures.settle(subjectId, Systems.CONSENT);
        assertEquals(1, erasures.confirmationsFrom(order, Systems.CONSENT), "exactly one confirmation per order");
    }

    @Test
    void aSubjectWithNoConsentsGetsNothingHeld() throws Exception {
        ErasureOrdered order = ErasureEvents.retentionExpiry(subjectId, Consents.ERASURE_SYSTEMS);
        erasures.publish(order);

        JsonNode data = json.readTree(erasures.awaitConfirmation(order, Systems.CONSENT).value());
        assertEquals("NOTHING_HELD", data.get("outcome").asText());
        assertTrue(data.path("requestId").isNull() || data.path("requestId").isMissingNode());
        assertEquals("0 rows", data.get("evidence").get(0).get("objectId").asText());
        assertEquals("already-absent", data.get("evidence").get(0).get("result").asText());
        assertEquals("re-count: 0 rows", data.get("evidence").get(0).get("verification").asText());
    }

    @Test
    void aRedeliveredOrderIsConfirmedOnce() {
        grant(subjectId);
        ErasureOrdered order = ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS);
        String eventId = UUID.randomUUID().toString();
        erasures.publish(order, eventId);
        erasures.publish(order, eventId);

        erasures.awaitConfirmation(order, Systems.CONSENT);
        // Processed a second time, the order would find nothing and confirm again with NOTHING_HELD.
        erasures.settle(subjectId, Systems.CONSENT);
        assertEquals(1, erasures.confirmationsFrom(order, Systems.CONSENT));
    }

    @Test
    void anOrderThatDoesNotExpectConsentChangesNothing() throws Exception {
        grant(subjectId);
        ErasureOrdered partnersOnly = ErasureEvents.order(subjectId, List.of(Systems.STRIPE, Systems.HUBSPOT));
        erasures.publish(partnersOnly);

        // A later order of the same subject (same partition) still finds the record the first one had to leave.
        ErasureOrdered later = ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS);
        erasures.publish(later);
        JsonNode data = json.readTree(erasures.awaitConfirmation(later, Systems.CONSENT).value());
        assertEquals("ERASED", data.get("outcome").asText());
        assertEquals("1 rows", data.get("evidence").get(0).get("objectId").asText());
        assertEquals(0, erasures.confirmationsFrom(partnersOnly, Systems.CONSENT));
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndTheConsumerKeepsGoing() {
        String topic = Events.ERASURE_ORDERED.topic();
        String type = Events.ERASURE_ORDERED.cloudEventType();
        kafka.sendCloudEvent(topic, subjectId, type, "{not json");
        kafka.send(topic, subjectId, ErasureEvents.json(ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS)),
                Map.of("ce_specversion", "1.0", "ce_type", type, "ce_source", "/test", "content-type", "application/json"));
        kafka.sendCloudEvent(topic, subjectId, type, "{\"orderId\":\"" + UUID.randomUUID() + "\"}");
        ErasureOrdered good = ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS);
        erasures.publish(good);

        List<ConsumerRecord<String, String>> dead = kafka.awaitRecords(Events.deadLetterTopic("consent-service"),
                r -> subjectId.equals(r.key()), 3, WAIT);
        List<String> reasons = dead.stream().map(r -> KafkaTestClient.header(r, "dead-letter-reason")).toList();
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("does not bind")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("missing CloudEvents header ce_id")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r != null && r.contains("invalid data")), reasons.toString());
        reasons.forEach(r -> assertFalse(r.contains(subjectId), "a dead-letter reason must not echo data"));

        erasures.awaitConfirmation(good, Systems.CONSENT);
    }

    @Test
    void aForgedErasureOrderFromAServiceThatDoesNotProduceThemErasesNothing() {
        grant(subjectId);
        ErasureOrdered forged = ErasureEvents.order(subjectId, Consents.ERASURE_SYSTEMS);
        Map<String, String> headers = KafkaTestClient.cloudEventHeaders(UUID.randomUUID().toString(),
                Events.ERASURE_ORDERED.cloudEventType(), subjectId);
        headers.put("ce_source", "/partner-sync-service");
        kafka.send(Events.ERASURE_ORDERED.topic(), subjectId, ErasureEvents.json(forged), headers);

        ConsumerRecord<String, String> dead = kafka.awaitRecord(Events.deadLetterTopic("consent-service"),
                r -> subjectId.equals(r.key()), WAIT);
        String reason = KafkaTestClient.header(dead, "dead-letter-reason");
        assertTrue(reason.contains("'/partner-sync-service' is not a producer"), reason);
        consentsOf(subjectId).body("history", hasSize(1));
        assertEquals(0, erasures.confirmationsFrom(forged, Systems.CONSENT));
    }

    private void grant(String subject) {
        given().auth().oauth2(TestTokens.dataSubject(subject)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then().statusCode(201).body("granted", equalTo(true));
    }

    private ValidatableResponse consentsOf(String subject) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject)
                .get("/consents").then().statusCode(200).body("subjectId", equalTo(subject));
    }
}
