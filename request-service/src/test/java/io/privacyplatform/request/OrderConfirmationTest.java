package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.view;
import static io.privacyplatform.testkit.Problems.problem;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rectification and restriction are confirmed per system (order-confirmed), as erasures are: no status without proof.
 * The expected systems are the registry's (policy/systems.yaml).
 */
@QuarkusTest
class OrderConfirmationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> REGISTRY = List.of("consent", "retention", "request", "stripe", "hubspot", "openai",
            "account-database");
    private final ObjectMapper json = new ObjectMapper();
    private final String subjectId = "usr-" + UUID.randomUUID();

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Test
    void aRectificationStaysInProgressUntilStripeHubspotAndTheAccountDatabaseConfirmThenCompletes() throws Exception {
        String id = file(subjectId, "{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"last-name\",\"value\":\"Martinez\"}]}");
        approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS")).body("history.kind", contains("FILED", "APPROVED"));
        JsonNode order = orderOf(Events.RECTIFICATION_ORDERED.topic(), 1);
        assertEquals(List.of("stripe", "hubspot", "account-database"), json.convertValue(order.get("expectedSystems"), List.class));
        String orderId = order.get("orderId").asText();

        // The subject reads every registered system's part in the order.
        as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("orders[0].orderId", equalTo(orderId))
                .body("orders[0].kind", equalTo("RECTIFICATION"))
                .body("orders[0].awaiting", contains("stripe", "hubspot", "account-database"))
                .body("orders[0].systems.system", contains(REGISTRY.toArray()))
                .body("orders[0].systems.find { it.system == 'stripe' }.status", equalTo("awaiting"))
                .body("orders[0].systems.find { it.system == 'request' }.status", equalTo("not concerned by this order"))
                .body("orders[0].systems.find { it.system == 'request' }.reason", containsString("as their proof"))
                .body("orders[0].systems.find { it.system == 'openai' }.reason",
                        equalTo("takes no part in rectification (its operations in the registry: erase)"));

        confirm(orderId, id, "stripe", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, Instant.now());
        confirm(orderId, id, "hubspot", OrderKind.RECTIFICATION, OrderOutcome.NOTHING_HELD, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> view(id).body("orders[0].awaiting", contains("account-database")));
        view(id).body("status", equalTo("IN_PROGRESS"));

        confirm(orderId, id, "account-database", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> view(id).body("status", equalTo("COMPLETED")));
        view(id).body("history.kind", contains("FILED", "APPROVED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "COMPLETED"))
                .body("history.actor", contains(subjectId, "dpo-1", "system:stripe", "system:hubspot", "system:account-database",
                        "system:request-service"))
                .body("history[4].note", equalTo("account-database APPLIED for rectification order " + orderId))
                .body("orders[0].awaiting", empty())
                .body("orders[0].systems.find { it.system == 'hubspot' }.status", equalTo("NOTHING_HELD"))
                .body("orders[0].systems.find { it.system == 'stripe' }.evidence[0].action", equalTo("update"));
    }

    @Test
    void aFailedSystemLeavesTheRectificationPartiallyCompletedAndARedeliveryChangesNothing() throws Exception {
        String id = file(subjectId, "{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"phone\",\"value\":\"+33 6 12 34 56 78\"}]}");
        approve(id).statusCode(200);
        String orderId = orderOf(Events.RECTIFICATION_ORDERED.topic(), 1).get("orderId").asText();

        Instant first = Instant.now();
        confirm(orderId, id, "hubspot", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, first);
        confirm(orderId, id, "account-database", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, first);
        String failure = UUID.randomUUID().toString();
        publish(confirmation(orderId, id, "stripe", OrderKind.RECTIFICATION, OrderOutcome.FAILED, first), failure);
        await().atMost(WAIT).untilAsserted(() -> as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("status", equalTo("PARTIALLY_COMPLETED"))
                .body("outcomeReasons[0]", containsString("stripe could not apply the rectification"))
                .body("notices.kind", hasItem("PARTIALLY_COMPLETED")));

        // The same event again, with other content: recognised by its id and skipped.
        publish(confirmation(orderId, id, "stripe", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, first.plusSeconds(5)), failure);
        confirm(orderId, id, "hubspot", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, first.plusSeconds(10));
        await().atMost(WAIT).untilAsserted(() -> view(id).body("history.findAll { it.kind == 'CONFIRMED' }.size()", equalTo(4)));
        view(id).body("status", equalTo("PARTIALLY_COMPLETED"))
                .body("orders[0].systems.find { it.system == 'stripe' }.status", equalTo("FAILED"));

        // Stripe was retried; partner-sync reports again, later.
        confirm(orderId, id, "stripe", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, first.plusSeconds(60));
        await().atMost(WAIT).untilAsserted(() -> view(id).body("status", equalTo("COMPLETED")));
        view(id).body("history.kind", contains("FILED", "APPROVED", "CONFIRMED", "CONFIRMED", "CONFIRMED", "PARTIALLY_COMPLETED",
                "CONFIRMED", "CONFIRMED", "COMPLETED"));
    }

    @Test
    void aRestrictionCompletesWhenEverySystemConfirmedAndItsLiftIsAnOrderOfItsOwn() throws Exception {
        String id = file(subjectId, "{\"type\":\"RESTRICTION\",\"ground\":\"ACCURACY_CONTESTED\"}");
        approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS")).body("restriction.inForce", equalTo(true));
        JsonNode on = orderOf(Events.RESTRICTION_CHANGED.topic(), 1);
        assertTrue(on.get("restricted").asBoolean());
        assertEquals(List.of("consent", "retention", "hubspot", "account-database"), json.convertValue(on.get("expectedSystems"), List.class));
        String orderId = on.get("orderId").asText();
        view(id).body("orders[0].kind", equalTo("RESTRICTION"))
                .body("orders[0].systems.find { it.system == 'stripe' }.reason", containsString("takes no part in restriction"));
        // An order is out: the request can no longer be withdrawn.
        problem(as(subjectId).post("/requests/{id}/withdraw", id).then(), 409);

        Instant first = Instant.now();
        confirm(orderId, id, "consent", OrderKind.RESTRICTION, OrderOutcome.APPLIED, first);
        confirm(orderId, id, "retention", OrderKind.RESTRICTION, OrderOutcome.APPLIED, first);
        confirm(orderId, id, "hubspot", OrderKind.RESTRICTION, OrderOutcome.APPLIED, first);
        await().atMost(WAIT).untilAsserted(() -> view(id).body("orders[0].awaiting", contains("account-database")));
        view(id).body("status", equalTo("IN_PROGRESS"));
        confirm(orderId, id, "account-database", OrderKind.RESTRICTION, OrderOutcome.FAILED, first);
        await().atMost(WAIT).untilAsserted(() -> view(id).body("status", equalTo("PARTIALLY_COMPLETED"))
                .body("outcomeReasons[0]", containsString("account-database could not apply the restriction")));
        confirm(orderId, id, "account-database", OrderKind.RESTRICTION, OrderOutcome.APPLIED, first.plusSeconds(30));
        await().atMost(WAIT).untilAsserted(() -> view(id).body("status", equalTo("COMPLETED")));

        officer().body("{\"reason\":\"The phone number was checked and corrected.\"}")
                .post("/requests/{id}/restriction/lift", id).then().statusCode(200)
                .body("restriction.inForce", equalTo(true));
        // The lift order goes out once the person is told (GDPR Art. 18(3)): no address is known here, so at once.
        Api.sendNotifications(id);
        view(id)
                .body("status", equalTo("COMPLETED"))
                .body("restriction.inForce", equalTo(false))
                .body("history[-1].kind", equalTo("RESTRICTION_LIFTED"))
                .body("orders[1].kind", equalTo("RESTRICTION_LIFT"))
                .body("orders[1].awaiting", contains("consent", "retention", "hubspot", "account-database"));
        JsonNode off = orderOf(Events.RESTRICTION_CHANGED.topic(), 2);
        assertFalse(off.get("restricted").asBoolean());
        String liftOrderId = off.get("orderId").asText();
        assertNotEquals(orderId, liftOrderId);
        view(id).body("orders[1].orderId", equalTo(liftOrderId));

        // An answer of the wrong kind for the lift order is ignored; the right one is recorded, and the status stays.
        confirm(liftOrderId, id, "account-database", OrderKind.RESTRICTION, OrderOutcome.APPLIED, Instant.now());
        confirm(liftOrderId, id, "hubspot", OrderKind.RESTRICTION_LIFT, OrderOutcome.APPLIED, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> view(id)
                .body("orders[1].systems.find { it.system == 'hubspot' }.status", equalTo("APPLIED")));
        view(id).body("status", equalTo("COMPLETED"))
                .body("orders[1].awaiting", contains("consent", "retention", "account-database"))
                .body("history[-1].kind", equalTo("CONFIRMED"))
                .body("history[-1].note", equalTo("hubspot APPLIED for restriction lift order " + liftOrderId));
    }

    @Test
    void aSystemSilentPastTheAlertTimePutsARectificationOnTheAttentionList() throws Exception {
        String id = file(subjectId, "{\"type\":\"RECTIFICATION\",\"corrections\":[{\"field\":\"first-name\",\"value\":\"Camille\"}]}");
        approve(id).statusCode(200);
        String orderId = orderOf(Events.RECTIFICATION_ORDERED.topic(), 1).get("orderId").asText();
        confirm(orderId, id, "stripe", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, Instant.now());
        confirm(orderId, id, "hubspot", OrderKind.RECTIFICATION, OrderOutcome.APPLIED, Instant.now());
        await().atMost(WAIT).untilAsserted(() -> view(id).body("orders[0].awaiting", contains("account-database")));

        // The order went out eight days ago (alert time: 7 days); the check runs every second in tests.
        Api.sql("update data_subject_request set ordered_at = ordered_at - interval '8 days' where id = ?1", UUID.fromString(id));
        await().atMost(WAIT).untilAsserted(() -> officer().get("/requests/attention?size=200").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.attention", equalTo("no answer from account-database within 168h of the order")));
        view(id).body("status", equalTo("IN_PROGRESS")).body("history[-1].kind", equalTo("ATTENTION"));

        problem(officer().body("{\"outcome\":\"COMPLETED\"}").post("/requests/{id}/complete", id).then(), 409)
                .body("detail", containsString("account-database have not confirmed the order"));
        officer().body("{\"outcome\":\"PARTIALLY_COMPLETED\",\"reasons\":[\"The account database was corrected by hand.\"]}")
                .post("/requests/{id}/complete", id).then().statusCode(200).body("status", equalTo("PARTIALLY_COMPLETED"));
        officer().get("/requests/attention?size=200").then().statusCode(200).body("items.id", not(hasItem(id)));
    }

    /** The subject's {@code n}-th record on the topic (1 = first), as JSON. */
    private JsonNode orderOf(String topic, int n) throws Exception {
        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(topic, r -> subjectId.equals(r.key()), n, WAIT);
        return json.readTree(records.get(n - 1).value());
    }

    private void confirm(String orderId, String requestId, String system, OrderKind kind, OrderOutcome outcome, Instant at) {
        publish(confirmation(orderId, requestId, system, kind, outcome, at), UUID.randomUUID().toString());
    }

    private OrderConfirmed confirmation(String orderId, String requestId, String system, OrderKind kind, OrderOutcome outcome,
                                        Instant at) {
        return new OrderConfirmed(UUID.fromString(orderId), UUID.fromString(requestId), subjectId, system, kind, outcome,
                List.of(new Evidence("record", "1", "update", "updated", "read back: new value")), List.of(), at);
    }

    /** As the system's owner publishes it: the confirmation gate admits only the source the registry names. */
    private void publish(OrderConfirmed confirmation, String eventId) {
        Map<String, String> headers = KafkaTestClient.cloudEventHeaders(eventId, Events.ORDER_CONFIRMED.cloudEventType(),
                subjectId);
        headers.put("ce_source", ErasureEvents.sourceOf(confirmation.system()));
        kafka.send(Events.ORDER_CONFIRMED.topic(), subjectId, ErasureEvents.json(confirmation), headers);
    }
}
