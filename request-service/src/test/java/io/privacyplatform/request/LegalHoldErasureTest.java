package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, item 3: an erasure of a subject under a legal hold keeps what the hold covers in every system, and tells
 * each system so; without an answer about holds, no erasure goes out.
 */
@QuarkusTest
class LegalHoldErasureTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HOLD_ID = "9a0b7c55-2f43-4f1e-8d0a-3c6b5e1f2a77";

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private final ObjectMapper json = new ObjectMapper();
    private ErasureEvents erasures;
    private String subjectId;

    @BeforeEach
    void setUp() {
        erasures = new ErasureEvents(kafka, WAIT);
        subjectId = "usr-" + UUID.randomUUID();
    }

    @Test
    void aHeldPurposeIsKeptInEverySystemAndEachIsToldWhy() throws Exception {
        ExportPeers.holds(subjectId, 200, "{\"subjectId\":\"" + subjectId + "\",\"holds\":[{\"holdId\":\"" + HOLD_ID
                + "\",\"allPurposes\":false,\"purposes\":[\"billing\"],\"placedAt\":\"2026-11-01T09:00:00Z\",\"until\":null}]}");
        String requestId = fileErasure();
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", requestId)
                .then().statusCode(200).body("status", equalTo("IN_PROGRESS"));

        ConsumerRecord<String, String> ordered = kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT);
        JsonNode order = json.readTree(ordered.value());
        // Stripe's customer is one object billing needs: the order leaves it alone; the others erase all but billing.
        assertEquals(List.of("consent", "retention", "hubspot", "openai", "account-database"),
                json.convertValue(order.get("expectedSystems"), List.class));
        assertEquals(List.of("billing"), json.convertValue(order.get("scope").get("keptPurposes"), List.class));
        List<String> going = json.convertValue(order.get("scope").get("purposes"), List.class);
        assertFalse(going.contains("billing"));
        assertTrue(going.containsAll(List.of("prospection", "marketing-email", "account-registration")));
        List<String> told = new ArrayList<>();
        for (JsonNode exemption : order.get("exemptions")) {
            if (exemption.get("legalBasis").asText().contains("Legal hold " + HOLD_ID)) {
                assertEquals("purpose:billing", exemption.get("dataCategory").asText());
                assertTrue(exemption.get("legalBasis").asText().contains("17(3)(e)"));
                told.add(exemption.get("system").asText());
            }
        }
        assertEquals(List.of("retention", "account-database", "stripe"), told,
                "every system holding billing data is told which hold keeps it, the one left alone included");

        String orderId = order.get("orderId").asText();
        for (String system : List.of("consent", "retention", "hubspot", "openai", "account-database")) {
            erasures.publish(new ErasureConfirmed(UUID.fromString(orderId), UUID.fromString(requestId), subjectId, system,
                    ErasureOutcome.ERASED, List.of(new Evidence("record", "1", "delete", "deleted", "read back: absent")),
                    List.of(), List.of(), Instant.now()));
        }
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .get("/requests/{id}/receipt", requestId).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("scope.keptPurposes", hasItem("billing"))
                .body("registeredSystems.find { it.system == 'stripe' }.status", equalTo("kept under legal hold"))
                .body("registeredSystems.find { it.system == 'stripe' }.reason", containsString("billing")));
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/requests/{id}", requestId).then().statusCode(200)
                .body("history[1].note", containsString("legal holds keep billing and leave stripe alone"));
    }

    @Test
    void withoutAnAnswerAboutHoldsNoErasureGoesOut() {
        ExportPeers.holds(subjectId, 503, "{\"status\":503,\"title\":\"Service unavailable\"}");
        String requestId = fileErasure();
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", requestId)
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("no erasure was ordered"))
                .body("detail", not(containsString(subjectId)));
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/requests/{id}", requestId).then().statusCode(200)
                .body("status", equalTo("FILED"));

        // Once retention-service answers, the same approval goes through.
        ExportPeers.holds(subjectId, 200, "{\"subjectId\":\"" + subjectId + "\",\"holds\":[]}");
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", requestId)
                .then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        ConsumerRecord<String, String> ordered = kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT);
        assertTrue(ordered.value().contains("\"scope\":null") || !ordered.value().contains("\"scope\""),
                "no hold: the order erases everything");
    }

    private String fileErasure() {
        return given().auth().oauth2(TestTokens.dataSubject(subjectId))
                .contentType(ContentType.JSON).body("{\"type\":\"ERASURE\"}")
                .post("/requests").then().statusCode(201).extract().path("id");
    }
}
