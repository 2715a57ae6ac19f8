package io.privacyplatform.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.privacyplatform.request.Api.ERASURE;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.fileOnBehalf;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.rectificationReader;
import static io.privacyplatform.testkit.Problems.problem;
import static io.privacyplatform.request.Api.view;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What approval does for each type, and what goes out through the outbox (ids and codes only). */
@QuarkusTest
class ApprovalEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();
    private final String subjectId = "usr-" + UUID.randomUUID();

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @Test
    void anApprovedRectificationPublishesFieldCodesAndServesTheValuesToPlatformServicesOnly() throws Exception {
        String newEmail = "camille.martin." + UUID.randomUUID() + "@example.fr";
        String id = file(subjectId, """
                {"type":"RECTIFICATION","corrections":[{"field":"last-name","value":"Martinez"},{"field":"email","value":"%s"}]}"""
                .formatted(newEmail));
        problem(rectificationReader().get("/requests/{id}/rectification", id).then(), 409).body("detail", containsString("once it is approved"));

        // In progress until every expected system confirms (OrderConfirmationTest follows it to completion).
        approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("history.kind", contains("FILED", "APPROVED"));

        JsonNode order = json.readTree(kafka.awaitRecord(Events.RECTIFICATION_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value());
        assertEquals(id, order.get("requestId").asText());
        assertEquals(List.of("last-name", "email"), json.convertValue(order.get("fields"), List.class));
        assertEquals(List.of("stripe", "hubspot", "account-database"), json.convertValue(order.get("expectedSystems"), List.class));
        String orderId = order.get("orderId").asText();

        rectificationReader().get("/requests/{id}/rectification", id).then().statusCode(200)
                .body("requestId", equalTo(id))
                .body("orderId", equalTo(orderId))
                .body("subjectId", equalTo(subjectId))
                .body("corrections.field", contains("last-name", "email"))
                .body("corrections.value", contains("Martinez", newEmail));
        view(id).body("history[-1].kind", equalTo("VALUES_READ"))
                .body("history[-1].actor", equalTo(TestTokens.serviceAccount(TestTokens.PARTNER_SYNC_SERVICE)))
                .body("history[-1].note", not(containsString("Martinez")));

        problem(as(subjectId).get("/requests/{id}/rectification", id).then(), 403);
        problem(officer().get("/requests/{id}/rectification", id).then(), 403);
        problem(rectificationReader().get("/requests/{id}/rectification", UUID.randomUUID()).then(), 404);
        String erasure = file(subjectId, ERASURE);
        problem(rectificationReader().get("/requests/{id}/rectification", erasure).then(), 404);

        assertNoneOnKafka(List.of("Martinez", newEmail));
    }

    @Test
    void anApprovedRestrictionIsPublishedAndLiftingItPublishesTheEnd() throws Exception {
        String id = file(subjectId, "{\"type\":\"RESTRICTION\",\"ground\":\"ACCURACY_CONTESTED\",\"details\":\"phone wrong\"}");
        problem(officer().body("{\"reason\":\"x\"}").post("/requests/{id}/restriction/lift", id).then(), 409)
                .body("detail", containsString("no restriction in force"));
        approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS")).body("restriction.inForce", equalTo(true));

        JsonNode on = json.readTree(kafka.awaitRecord(Events.RESTRICTION_CHANGED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value());
        assertEquals(id, on.get("requestId").asText());
        assertTrue(on.get("restricted").asBoolean());
        assertEquals("ACCURACY_CONTESTED", on.get("reason").asText());
        assertEquals(List.of("consent", "retention", "hubspot", "account-database"), json.convertValue(on.get("expectedSystems"), List.class));
        assertTrue(on.hasNonNull("orderId"));

        // GDPR Art. 18(3): announced first, lifted once the person is told (here no address is known: at once).
        officer().body("{\"reason\":\"The phone number was checked and corrected.\"}")
                .post("/requests/{id}/restriction/lift", id).then().statusCode(200)
                .body("restriction.inForce", equalTo(true))
                .body("restriction.liftAnnouncedAt", org.hamcrest.Matchers.notNullValue())
                .body("history[-1].kind", equalTo("RESTRICTION_LIFT_ANNOUNCED"));
        problem(officer().body("{\"reason\":\"again\"}").post("/requests/{id}/restriction/lift", id).then(), 409)
                .body("detail", containsString("goes out once the person is told"));
        Api.sendNotifications(id);
        view(id).body("restriction.inForce", equalTo(false))
                .body("notifications.find { it.kind == 'RESTRICTION_LIFT' }.status", equalTo("NO_ADDRESS"))
                .body("history[-1].kind", equalTo("RESTRICTION_LIFTED"))
                .body("history[-1].note", containsString("no address known to tell the person"));
        List<ConsumerRecord<String, String>> changes = kafka.awaitRecords(Events.RESTRICTION_CHANGED.topic(),
                r -> subjectId.equals(r.key()), 2, WAIT);
        JsonNode off = json.readTree(changes.get(1).value());
        assertFalse(off.get("restricted").asBoolean());
        assertEquals("ACCURACY_CONTESTED", off.get("reason").asText());
        assertTrue(off.hasNonNull("orderId") && !off.get("orderId").equals(on.get("orderId")), "the lift is an order of its own");

        as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("notices.find { it.kind == 'RESTRICTION_LIFTED' }.text", containsString("checked and corrected"));
        problem(officer().body("{\"reason\":\"again\"}").post("/requests/{id}/restriction/lift", id).then(), 409);
        problem(officer().body("{\"reason\":\"x\"}").post("/requests/{id}/restriction/lift", file(subjectId, ERASURE)).then(), 409)
                .body("detail", containsString("ERASURE request"));
    }

    @Test
    void directivesAreRecordedUpdatedAndRevokedAndExecutedForTheHeirs() throws Exception {
        String record = file(subjectId, """
                {"type":"POST_MORTEM_DIRECTIVES","action":"RECORD","directive":"TRANSMIT",
                 "designatedPerson":{"name":"Jeanne Dupont","email":"jeanne.dupont@example.fr","relationship":"sister"}}""");
        problem(as(subjectId).body("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"UPDATE\",\"directive\":\"KEEP\"}")
                .post("/requests").then(), 409).body("detail", containsString("RECORD first"));
        approve(record).statusCode(200).body("status", equalTo("COMPLETED")).body("history[1].note", equalTo("directives recorded: TRANSMIT"));
        problem(as(subjectId).body("{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"RECORD\",\"directive\":\"KEEP\"}")
                .post("/requests").then(), 409).body("detail", containsString("already recorded"));

        // With TRANSMIT directives, the officer handling an heir's request sees whom to send the data to.
        String heirWithTransmit = fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("CLOSE_ACCOUNT"));
        approve(heirWithTransmit).statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("deceasedDirectives.directive", equalTo("TRANSMIT"))
                .body("deceasedDirectives.designatedPerson.name", equalTo("Jeanne Dupont"))
                .body("history[1].note", containsString("executing the deceased's directives: TRANSMIT"));
        assertNull(Api.sqlValue("select erasure_order_id from data_subject_request where id = ?1", UUID.fromString(heirWithTransmit)),
                "the directives, not the heir's ask, decide");

        String update = file(subjectId, "{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"UPDATE\",\"directive\":\"ERASE_ALL\"}");
        approve(update).statusCode(200).body("history[1].note", equalTo("directives updated: ERASE_ALL"));
        String stored = (String) Api.sqlValue("select details_ct from post_mortem_directive where subject_id = ?1", subjectId);
        assertTrue(stored.startsWith("v1."));

        // ERASE_ALL: the heir's request becomes an erasure order, even though the heir only asked for information.
        String heirWithErase = fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("SUCCESSION_INFORMATION"));
        approve(heirWithErase).statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("history[1].note", containsString("executing the deceased's directives: ERASE_ALL; erasure ordered"));
        JsonNode order = json.readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()) && r.value().contains(heirWithErase), WAIT).value());
        assertEquals("DATA_SUBJECT_REQUEST", order.get("reason").asText());

        String revoke = file(subjectId, "{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"REVOKE\"}");
        approve(revoke).statusCode(200).body("history[1].note", equalTo("directives revoked"));
        // Revoked directives are no longer in force; their row stays as their record until the purge (OwnRetentionTest).
        assertEquals(0L, ((Number) Api.sqlValue("select count(*) from post_mortem_directive where subject_id = ?1 and ended_at is null",
                subjectId)).longValue());
        assertEquals("REVOKED", Api.sqlValue("select end_reason from post_mortem_directive where subject_id = ?1", subjectId));

        // Without directives, what the heir asks: information is handled by the officer, closure is an erasure.
        String information = fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("SUCCESSION_INFORMATION"));
        approve(information).statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("history[1].note", containsString("no directives; the heir asks SUCCESSION_INFORMATION"));
        String closure = fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("CLOSE_ACCOUNT"));
        approve(closure).statusCode(200).body("history[1].note", containsString("no directives; the heir asks CLOSE_ACCOUNT; erasure ordered"));
        kafka.awaitRecord(Events.ERASURE_ORDERED.topic(), r -> r.value().contains(closure), WAIT);

        assertNoneOnKafka(List.of("Jeanne", "jeanne.dupont@example.fr", "Paul Dupont", "paul@example.fr"));
    }

    @Test
    void keepDirectivesCompleteAnHeirsRequestWithoutErasing() {
        approve(file(subjectId, "{\"type\":\"POST_MORTEM_DIRECTIVES\",\"action\":\"RECORD\",\"directive\":\"KEEP\"}")).statusCode(200);
        String heir = fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("CLOSE_ACCOUNT"));
        approve(heir).statusCode(200).body("status", equalTo("COMPLETED"))
                .body("history.kind", contains("FILED", "APPROVED", "COMPLETED"))
                .body("history[2].note", equalTo("the directives keep the data"));
    }

    @Test
    void aSystemSilentPastTheAlertTimePutsTheErasureOnTheAttentionListAndTheOfficerClosesIt() throws Exception {
        String id = file(subjectId, ERASURE);
        approve(id).statusCode(200);
        String orderId = json.readTree(kafka.awaitRecord(Events.ERASURE_ORDERED.topic(),
                r -> subjectId.equals(r.key()), WAIT).value()).get("orderId").asText();
        ErasureEvents erasures = new ErasureEvents(kafka, WAIT);
        for (String system : List.of("consent", "retention", "stripe", "hubspot", "account-database")) {
            erasures.publish(new ErasureConfirmed(UUID.fromString(orderId), UUID.fromString(id), subjectId, system,
                    ErasureOutcome.ERASED, List.of(), List.of(), List.of(), Instant.now()));
        }
        await().atMost(WAIT).untilAsserted(() -> view(id).body("history.kind", hasItem("CONFIRMED"))
                .body("history.findAll { it.kind == 'CONFIRMED' }.size()", equalTo(5)));
        officer().get("/requests/attention?size=200").then().statusCode(200).body("items.id", not(hasItem(id)));

        // The order went out eight days ago (alert time: 7 days); the check runs every second in tests.
        Api.sql("update data_subject_request set ordered_at = ordered_at - interval '8 days' where id = ?1", UUID.fromString(id));
        await().atMost(WAIT).untilAsserted(() -> officer().get("/requests/attention?size=200").then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.attention", equalTo("no answer from openai within 168h of the order")));
        view(id).body("status", equalTo("IN_PROGRESS"))
                .body("attention.reason", containsString("openai"))
                .body("history[-1].kind", equalTo("ATTENTION"))
                .body("history[-1].actor", equalTo("system:request-service"));
        as(subjectId).get("/requests/{id}", id).then().statusCode(200).body("attention", equalTo(null));
        as(subjectId).get("/requests").then().statusCode(200).body("items.find { it.id == '" + id + "' }.attention", equalTo(null));
        await().atMost(WAIT).untilAsserted(() -> assertTrue(LifecycleTest.gauge("requests_attention") >= 1));

        officer().body("{\"outcome\":\"PARTIALLY_COMPLETED\",\"reasons\":[\"OpenAI did not answer; erasure requested by email.\"]}")
                .post("/requests/{id}/complete", id).then().statusCode(200).body("status", equalTo("PARTIALLY_COMPLETED"));
        officer().get("/requests/attention?size=200").then().statusCode(200).body("items.id", not(hasItem(id)));
        // Raised once: the next checks leave it alone.
        assertEquals(1L, ((Number) Api.sqlValue("select count(*) from request_audit where request_id = ?1 and kind = 'ATTENTION'",
                UUID.fromString(id))).longValue());
    }

    /** Nothing on any topic this service publishes or reads contains these values. */
    private void assertNoneOnKafka(List<String> values) {
        for (String topic : List.of(Events.REQUEST_FILED.topic(), Events.ERASURE_ORDERED.topic(), Events.RECTIFICATION_ORDERED.topic(),
                Events.RESTRICTION_CHANGED.topic(), Events.deadLetterTopic("request-service"))) {
            for (ConsumerRecord<String, String> record : kafka.readAll(topic)) {
                String text = record.key() + "\n" + record.value() + "\n" + KafkaTestClient.headersAsText(record);
                values.forEach(v -> assertFalse(text.contains(v), "personal data on " + topic));
            }
        }
    }
}
