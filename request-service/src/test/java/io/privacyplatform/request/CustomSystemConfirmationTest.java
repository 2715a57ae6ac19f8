package io.privacyplatform.request;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.view;
import static io.restassured.RestAssured.given;
import static io.privacyplatform.request.ConfirmationGateTest.approvedErasure;
import static io.privacyplatform.request.ConfirmationGateTest.clientToken;
import static io.privacyplatform.request.ConfirmationGateTest.confirmOverHttp;
import static io.privacyplatform.request.ConfirmationGateTest.confirmation;
import static io.privacyplatform.request.ConfirmationGateTest.receipt;
import static io.privacyplatform.request.ConfirmationGateTest.refusals;
import static io.privacyplatform.request.ConfirmationGateTest.send;
import static io.privacyplatform.request.ConfirmationGateTest.values;
import static io.privacyplatform.request.TestRegistry.CUSTOM_PRINCIPAL;
import static io.privacyplatform.request.TestRegistry.CUSTOM_SYSTEM;
import static io.privacyplatform.testkit.Problems.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A custom system of the registry ({@link TestRegistry}: {@code loyalty}, principal {@code loyalty-service}) confirms
 * on its own topic or over HTTP with its own OIDC client, and nowhere else.
 */
@QuarkusTest
@TestProfile(CustomSystemProfile.class)
class CustomSystemConfirmationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void itsOwnClientConfirmsOverHttpOnceAnotherClientIsRefused() throws Exception {
        ConfirmationGateTest.Order order = approvedErasure(kafka, subjectId);
        String body = ErasureEvents.json(confirmation(order, CUSTOM_SYSTEM));

        problem(confirmOverHttp(clientToken("crm-sync", "system-confirmer"), CUSTOM_SYSTEM, body), 403);
        confirmOverHttp(clientToken(CUSTOM_PRINCIPAL, "system-confirmer"), CUSTOM_SYSTEM, body).statusCode(202);
        // A retry of the same confirmation changes nothing.
        confirmOverHttp(clientToken(CUSTOM_PRINCIPAL, "system-confirmer"), CUSTOM_SYSTEM, body).statusCode(202);

        receipt(order).body("systems.system", contains(CUSTOM_SYSTEM)).body("systems[0].outcome", equalTo("ERASED"));
        view(order.requestId()).body("history.kind", contains("FILED", "APPROVED", "CONFIRMATION_REFUSED", "CONFIRMED"))
                .body("history[3].actor", equalTo("system:" + CUSTOM_SYSTEM));
        List<Map<String, Object>> refused = refusals(order);
        assertEquals(List.of("NOT_OWNER"), values(refused, "reason"));
        assertEquals(List.of("crm-sync"), values(refused, "principal"));
    }

    @Test
    void itConfirmsOnItsOwnTopicButNotOnTheSharedOne() throws Exception {
        ConfirmationGateTest.Order order = approvedErasure(kafka, subjectId);
        ErasureConfirmed confirmed = confirmation(order, CUSTOM_SYSTEM);
        // Even with its own name as the source: only the platform services confirm on the shared topic.
        new ErasureEvents(kafka, WAIT).publish(confirmed, UUID.randomUUID().toString(), "/" + CUSTOM_PRINCIPAL);
        send(kafka, "erasure-confirmed." + CUSTOM_SYSTEM, confirmed);

        await().atMost(WAIT).untilAsserted(() -> receipt(order).body("systems.system", contains(CUSTOM_SYSTEM)));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("WRONG_CHANNEL"), values(refusals(order), "reason")));
        assertEquals(List.of("erasure-confirmed"), values(refusals(order), "channel"));
    }

    @Test
    void itConfirmsARectificationOnItsOwnOrderTopicOrOverHttpAndNowhereElse() throws Exception {
        String id = Api.file(subjectId, "{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"email\",\"value\":\"new@example.org\"}]}");
        Api.approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS"));
        String orderId = await().atMost(WAIT).until(() -> view(id).extract().jsonPath().getString("orders[0].orderId"),
                java.util.Objects::nonNull);
        view(id).body("orders[0].awaiting", hasItem(CUSTOM_SYSTEM));
        OrderConfirmed applied = new OrderConfirmed(UUID.fromString(orderId), UUID.fromString(id), subjectId, CUSTOM_SYSTEM,
                OrderKind.RECTIFICATION, OrderOutcome.APPLIED,
                List.of(new Evidence("member", "m-1", "UPDATE member set email", "updated", "read back")), List.of(), Instant.now());
        String body = ErasureEvents.json(applied);

        // Another client, and the shared topic even with the system's own name as source: refused.
        problem(given().auth().oauth2(clientToken("crm-sync", "system-confirmer")).contentType(ContentType.JSON).body(body)
                .post("/systems/{system}/order-confirmations", CUSTOM_SYSTEM).then(), 403);
        Map<String, String> shared = KafkaTestClient.cloudEventHeaders(UUID.randomUUID().toString(),
                Events.ORDER_CONFIRMED.cloudEventType(), subjectId);
        shared.put("ce_source", "/" + CUSTOM_PRINCIPAL);
        kafka.send(Events.ORDER_CONFIRMED.topic(), subjectId, body, shared);
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of("NOT_OWNER", "WRONG_CHANNEL"), officer()
                .get("/requests/attention/refused-confirmations?size=200").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.orderId == '" + orderId + "' }.reason").stream().sorted().toList()));
        view(id).body("orders[0].awaiting", hasItem(CUSTOM_SYSTEM));

        // Its own topic: admitted.
        kafka.send("order-confirmed." + CUSTOM_SYSTEM, subjectId, body, KafkaTestClient.cloudEventHeaders(
                UUID.randomUUID().toString(), Events.ORDER_CONFIRMED.cloudEventType(), subjectId));
        await().atMost(WAIT).untilAsserted(() -> view(id)
                .body("orders[0].systems.find { it.system == '" + CUSTOM_SYSTEM + "' }.status", equalTo("APPLIED"))
                .body("orders[0].awaiting", not(hasItem(CUSTOM_SYSTEM))));

        // Over HTTP with its own client, a later word: admitted too.
        OrderConfirmed failed = new OrderConfirmed(applied.orderId(), applied.requestId(), subjectId, CUSTOM_SYSTEM,
                OrderKind.RECTIFICATION, OrderOutcome.FAILED, List.of(), List.of(), Instant.now().plusSeconds(1));
        given().auth().oauth2(clientToken(CUSTOM_PRINCIPAL, "system-confirmer")).contentType(ContentType.JSON)
                .body(ErasureEvents.json(failed)).post("/systems/{system}/order-confirmations", CUSTOM_SYSTEM)
                .then().statusCode(202);
        view(id).body("orders[0].systems.find { it.system == '" + CUSTOM_SYSTEM + "' }.status", equalTo("FAILED"));
    }
}
