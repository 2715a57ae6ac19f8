package io.privacyplatform.request;

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
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.privacyplatform.request.Api.ERASURE;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.view;
import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only the principal that owns a system confirms for it (service.ConfirmationGate): on the shared topic the CloudEvents
 * source must be the registry's {@code confirmedBy}, over HTTP the token's client. A refused confirmation changes no
 * request, is listed for the officer and noted in the request's audit trail.
 */
@QuarkusTest
class ConfirmationGateTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CONFIRMER = "system-confirmer";

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final String subjectId = "usr-" + UUID.randomUUID();
    private final ErasureEvents erasures = new ErasureEvents(kafka, WAIT);

    @Test
    void aConfirmationForAnUnregisteredSystemIsRefusedListedAndNotedOnTheRequest() throws Exception {
        Order order = approvedErasure();
        erasures.publish(confirmation(order, "billing-archive"), UUID.randomUUID().toString(), "/partner-sync-service");
        // Admitted after it on the same partition: once it shows, the refusal was handled.
        erasures.publish(confirmation(order, "retention"));
        await().atMost(WAIT).untilAsserted(() -> receipt(order).body("systems.system", contains("retention")));

        List<Map<String, Object>> refused = refusals(order);
        assertEquals(1, refused.size(), refused.toString());
        assertEquals("billing-archive", refused.get(0).get("system"));
        assertEquals("UNREGISTERED_SYSTEM", refused.get(0).get("reason"));
        assertEquals("erasure-confirmed", refused.get(0).get("channel"));
        assertEquals("/partner-sync-service", refused.get(0).get("principal"));
        assertEquals(subjectId, refused.get(0).get("subjectId"));
        assertEquals(order.requestId(), refused.get(0).get("requestId"));
        officer().get("/requests/attention").then().statusCode(200)
                .body("items", org.hamcrest.Matchers.notNullValue())
                .body("refusedConfirmations.total", greaterThanOrEqualTo(1))
                .body("refusedConfirmations.latest.orderId", hasItem(order.orderId()));
        view(order.requestId()).body("status", equalTo("IN_PROGRESS"))
                .body("history.kind", contains("FILED", "APPROVED", "CONFIRMATION_REFUSED", "CONFIRMED"))
                .body("history[2].note", containsString("billing-archive"))
                .body("history[2].note", containsString("UNREGISTERED_SYSTEM"));
    }

    @Test
    void consentConfirmedByPartnerSyncIsRefusedAndByConsentServiceAdmitted() throws Exception {
        Order order = approvedErasure();
        erasures.publish(confirmation(order, "consent"), UUID.randomUUID().toString(), "/partner-sync-service");
        erasures.publish(confirmation(order, "consent"), UUID.randomUUID().toString(), "/consent-service");
        await().atMost(WAIT).untilAsserted(() -> receipt(order).body("systems.system", contains("consent")));

        List<Map<String, Object>> refused = refusals(order);
        assertEquals(List.of("consent"), values(refused, "system"));
        assertEquals(List.of("NOT_OWNER"), values(refused, "reason"));
        assertEquals(List.of("/partner-sync-service"), values(refused, "principal"));
        view(order.requestId()).body("history.kind", contains("FILED", "APPROVED", "CONFIRMATION_REFUSED", "CONFIRMED"))
                .body("history[3].actor", equalTo("system:consent"));
        // The counter is labelled by reason only.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("requests_confirmations_refused_total{reason=\"NOT_OWNER\"}"), "refusals are counted by reason");
    }

    @Test
    void everyPlatformSystemIsAdmittedFromItsOwnerAndTheRequestCompletes() throws Exception {
        Order order = approvedErasure();
        for (String system : order.expectedSystems()) {
            // ErasureEvents sends from the registry's confirmedBy: /consent-service, /retention-service, /partner-sync-service.
            erasures.publish(confirmation(order, system));
        }
        await().atMost(WAIT).untilAsserted(() -> view(order.requestId()).body("status", equalTo("COMPLETED")));
        assertEquals(List.of(), refusals(order));
    }

    @Test
    void aCustomSystemsTopicIsBoundToThatSystem() throws Exception {
        Order order = approvedErasure();
        // A platform system is not confirmed on a custom system's topic, and a topic confirms only for its own system.
        send("erasure-confirmed.stripe", confirmation(order, "stripe"));
        send("erasure-confirmed.loyalty", confirmation(order, "hubspot"));
        // Not registered.
        send("erasure-confirmed.loyalty", confirmation(order, "loyalty"));

        await().atMost(WAIT).untilAsserted(() -> assertEquals(3, refusals(order).size()));
        List<Map<String, Object>> refused = refusals(order);
        assertEquals(Set.of("WRONG_CHANNEL", "SYSTEM_MISMATCH", "UNREGISTERED_SYSTEM"), Set.copyOf(values(refused, "reason")));
        assertEquals(Set.of("erasure-confirmed.stripe", "erasure-confirmed.loyalty"), Set.copyOf(values(refused, "principal")));
        receipt(order).body("systems", org.hamcrest.Matchers.empty());
    }

    @Test
    void overHttpOnlyTheSystemsOwnClientConfirms() throws Exception {
        Order order = approvedErasure();
        String body = ErasureEvents.json(confirmation(order, "consent"));

        problem(confirmOverHttp(clientToken("crm-sync", CONFIRMER), "consent", body), 403)
                .body("detail", containsString("consent is confirmed by consent-service"));
        // consent-service itself confirms through its outbox, not over HTTP.
        problem(confirmOverHttp(clientToken("consent-service", CONFIRMER), "consent", body), 403);
        problem(confirmOverHttp(clientToken("crm-sync", CONFIRMER), "stripe", body), 422);
        problem(confirmOverHttp(clientToken("crm-sync", CONFIRMER),
                "crm", ErasureEvents.json(confirmation(order, "crm"))), 404);
        // Without the role, nothing reaches the gate.
        problem(confirmOverHttp(TestTokens.rectificationReader(), "consent", body), 403);

        List<Map<String, Object>> refused = refusals(order);
        assertEquals(4, refused.size(), refused.toString());
        assertEquals(Set.of("NOT_OWNER", "WRONG_CHANNEL", "SYSTEM_MISMATCH", "UNREGISTERED_SYSTEM"),
                Set.copyOf(values(refused, "reason")));
        assertTrue(values(refused, "channel").contains("http:/systems/consent/erasure-confirmations"), refused.toString());
        assertTrue(values(refused, "principal").contains("crm-sync"), refused.toString());
        receipt(order).body("systems", org.hamcrest.Matchers.empty());
        view(order.requestId()).body("status", equalTo("IN_PROGRESS"))
                .body("history.kind", not(hasItem("CONFIRMED")));
    }

    record Order(String requestId, String orderId, String subjectId, List<String> expectedSystems) {
    }

    private Order approvedErasure() throws Exception {
        return approvedErasure(kafka, subjectId);
    }

    /** Files and approves an erasure for the subject; its order as published. */
    @SuppressWarnings("unchecked")
    static Order approvedErasure(KafkaTestClient kafka, String subjectId) throws Exception {
        String requestId = file(subjectId, ERASURE);
        approve(requestId).statusCode(200);
        Map<String, Object> ordered = new ObjectMapper().readValue(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value(), Map.class);
        return new Order(requestId, (String) ordered.get("orderId"), subjectId, (List<String>) ordered.get("expectedSystems"));
    }

    static ErasureConfirmed confirmation(Order order, String system) {
        return new ErasureConfirmed(UUID.fromString(order.orderId()), UUID.fromString(order.requestId()), order.subjectId(), system,
                ErasureOutcome.ERASED, List.of(new Evidence("record", "1", "delete", "deleted", "read back: absent")),
                List.of(), List.of(), Instant.now());
    }

    /** A confirmation on a custom system's own topic (the topic is the principal: no source to check). */
    private static void send(String topic, ErasureConfirmed confirmed) {
        send(kafka, topic, confirmed);
    }

    static void send(KafkaTestClient kafka, String topic, ErasureConfirmed confirmed) {
        kafka.send(topic, confirmed.subjectId(), ErasureEvents.json(confirmed), KafkaTestClient.cloudEventHeaders(
                UUID.randomUUID().toString(), Events.ERASURE_CONFIRMED.cloudEventType(), confirmed.subjectId()));
    }

    static ValidatableResponse confirmOverHttp(String token, String system, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/systems/{system}/erasure-confirmations", system).then();
    }

    /** A client credentials token as Keycloak and the local issuer give it: the client in azp and client_id. */
    static String clientToken(String client, String role) {
        return OidcWiremockTestResource.generateJwtToken("service-account-" + client, Set.of(role),
                "service-account-" + client, null, TestTokens.AUDIENCE,
                Map.of("azp", client, "client_id", client));
    }

    static ValidatableResponse receipt(Order order) {
        return officer().get("/requests/{id}/receipt", order.requestId()).then().statusCode(200);
    }

    /** The refused confirmations of this order, from the officer's full list (newest first). */
    static List<Map<String, Object>> refusals(Order order) {
        List<Map<String, Object>> all = officer().get("/requests/attention/refused-confirmations?size=200")
                .then().statusCode(200).extract().jsonPath().getList("items");
        return all.stream().filter(r -> order.orderId().equals(r.get("orderId"))).toList();
    }

    static List<Object> values(List<Map<String, Object>> refusals, String field) {
        return refusals.stream().map(r -> r.get(field)).toList();
    }
}
