package io.privacyplatform.consent;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.consent.service.Restrictions;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.request.ObjectionScope;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** request-filed (objections, GDPR Art. 21) and restriction-changed (Art. 18) through the real broker. */
@QuarkusTest
class ObjectionAndRestrictionTest {

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();
    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void anObjectionToProspectionWithdrawsEveryMarketingPurposeAndBlocksPartnerGrants() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        Consents.grant(subjectId, "commercial-statistics").statusCode(201);
        UUID requestId = UUID.randomUUID();
        fileObjection(requestId, ObjectionScope.PROSPECTION, null);

        await().atMost(Consents.WAIT).untilAsserted(() ->
                Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(false)).body("reason", equalTo("OBJECTED")));
        Consents.effective(subjectId, "partner-referral").body("allowed", equalTo(false)).body("reason", equalTo("OBJECTED"));
        // Not marketing: statistics are not covered by an objection to prospection.
        Consents.effective(subjectId, "commercial-statistics").body("allowed", equalTo(true));

        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents/history").then().statusCode(200)
                .body("findAll { it.action == 'OBJECT' }.purpose", containsInAnyOrder("marketing-email", "partner-referral"))
                .body("findAll { it.action == 'OBJECT' }.requestId", everyItem(equalTo(requestId.toString())))
                .body("findAll { it.action == 'OBJECT' }.source", everyItem(equalTo("objection-request")));

        // partner-sync unsubscribes at HubSpot on exactly this: purpose marketing-email, granted=false.
        List<JsonNode> changes = Consents.changes(kafka, subjectId, 4);
        assertTrue(changes.stream().anyMatch(c -> c.get("purpose").asText().equals("marketing-email")
                && !c.get("granted").asBoolean() && c.get("source").asText().equals("objection-request")), changes.toString());

        // A partner cannot bring the contact back; the subject can, from their own settings.
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":true,"
                        + "\"source\":\"partner\",\"partner\":\"acme\",\"evidence\":\"acme:req/1\"}")
                .post("/consents").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("objected"));
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true));
    }

    @Test
    void anObjectionToProcessingObjectsToTheNamedPurposesThisServiceKnows() {
        fileObjection(UUID.randomUUID(), ObjectionScope.PROCESSING, List.of("commercial-statistics", "billing"));
        await().atMost(Consents.WAIT).untilAsserted(() ->
                Consents.effective(subjectId, "commercial-statistics").body("allowed", equalTo(false)).body("reason", equalTo("OBJECTED")));
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then()
                .body("history", hasSize(1)).body("history[0].purpose", equalTo("commercial-statistics"));

        // The subject lifts it from their settings; then a redelivered objection, another request type and a
        // poison record change nothing, and a last objection counts again.
        Consents.grant(subjectId, "commercial-statistics").statusCode(201);
        String id = UUID.randomUUID().toString();
        RequestFiled objection = new RequestFiled(UUID.randomUUID(), subjectId, RequestType.OBJECTION, RequestChannel.PLATFORM,
                Instant.now(), LocalDate.now().plusMonths(1), ObjectionScope.PROSPECTION, null);
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subjectId, id, Events.REQUEST_FILED.cloudEventType(), ErasureEvents.json(objection));
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subjectId, id, Events.REQUEST_FILED.cloudEventType(), ErasureEvents.json(objection));
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subjectId, Events.REQUEST_FILED.cloudEventType(), ErasureEvents.json(
                new RequestFiled(UUID.randomUUID(), subjectId, RequestType.ACCESS, RequestChannel.PLATFORM, Instant.now(),
                        LocalDate.now().plusMonths(1))));
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subjectId, Events.REQUEST_FILED.cloudEventType(), "{\"requestId\":42}");
        fileObjection(UUID.randomUUID(), ObjectionScope.PROCESSING, List.of("commercial-statistics"));

        kafka.awaitRecord(Events.deadLetterTopic("consent-service"), r -> subjectId.equals(r.key()), Consents.WAIT);
        await().atMost(Consents.WAIT).untilAsserted(() ->
                Consents.effective(subjectId, "commercial-statistics").body("reason", equalTo("OBJECTED")));
        // A last change through HTTP: the outbox relays in commit order, so once it is on Kafka every earlier one is.
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        List<JsonNode> changes = Consents.changes(kafka, subjectId, 6);
        assertEquals(List.of("commercial-statistics:false", "commercial-statistics:true", "marketing-email:false",
                        "partner-referral:false", "commercial-statistics:false", "marketing-email:true"),
                changes.stream().map(c -> c.get("purpose").asText() + ":" + c.get("granted").asBoolean()).toList());
    }

    @Test
    void aRestrictionSuspendsEveryPurposeUntilItIsLifted() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        UUID requestId = UUID.randomUUID();
        // Changes without an orderId, as older producers publish them: applied, not confirmed.
        restriction(requestId, true, List.of(Systems.CONSENT, Systems.HUBSPOT), null);
        await().atMost(Consents.WAIT).untilAsserted(() ->
                Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(false)).body("reason", equalTo("RESTRICTED")));
        Consents.effective(subjectId, "commercial-statistics").body("allowed", equalTo(false));
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().body("restricted", equalTo(true))
                .body("current[0].granted", equalTo(true));
        batch(subjectId).body("results[0].reason", equalTo("RESTRICTED"));

        // A restriction not addressed to consent does nothing here, and is not confirmed by it.
        String other = "usr-" + UUID.randomUUID();
        Consents.grant(other, "marketing-email").statusCode(201);
        UUID notOurs = UUID.randomUUID();
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), other, Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(new RestrictionChanged(UUID.randomUUID(), other, true, RestrictionReason.ACCURACY_CONTESTED,
                        List.of(Systems.HUBSPOT), Instant.now(), notOurs)));

        restriction(requestId, false, List.of(Systems.CONSENT, Systems.HUBSPOT), null);
        await().atMost(Consents.WAIT).untilAsserted(() ->
                Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true)).body("reason", equalTo("GRANTED")));
        Consents.effective(other, "marketing-email").body("allowed", equalTo(true));

        // A last change with an orderId: the outbox relays in commit order, so once its confirmation is on Kafka any
        // confirmation of the earlier changes would be too.
        UUID last = UUID.randomUUID();
        restriction(UUID.randomUUID(), true, List.of(Systems.CONSENT), last);
        awaitConfirmations(last, 1);
        List<JsonNode> confirmations = kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream()
                .filter(r -> subjectId.equals(r.key()) || other.equals(r.key())).map(Consents::data).toList();
        assertEquals(List.of(last.toString()), confirmations.stream().map(c -> c.get("orderId").asText()).toList());
    }

    @Test
    void aRestrictionOrderAndItsLiftAreConfirmedWithTheLedgersChangeInCounts() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        UUID requestId = UUID.randomUUID();
        UUID restrictionOrder = UUID.randomUUID();
        restriction(requestId, true, List.of(Systems.CONSENT, Systems.HUBSPOT, "account-database"), restrictionOrder);

        JsonNode restricted = awaitConfirmations(restrictionOrder, 1).get(0);
        assertEquals(requestId.toString(), restricted.get("requestId").asText());
        assertEquals(subjectId, restricted.get("subjectId").asText());
        assertEquals("consent", restricted.get("system").asText());
        assertEquals("RESTRICTION", restricted.get("kind").asText());
        assertEquals("APPLIED", restricted.get("outcome").asText());
        assertEquals(1, restricted.get("evidence").size());
        JsonNode evidence = restricted.get("evidence").get(0);
        assertEquals("restrictions", evidence.get("objectType").asText());
        assertEquals("1 rows", evidence.get("objectId").asText());
        assertEquals("INSERT", evidence.get("action").asText());
        assertEquals("restricted", evidence.get("result").asText());
        assertTrue(evidence.get("verification").asText().startsWith("re-count: 1 restriction of the subject in force"),
                evidence.toString());
        assertEquals(0, restricted.get("notices").size());
        Consents.effective(subjectId, "marketing-email").body("reason", equalTo("RESTRICTED"));

        // The same order again (another event id): confirmed again, nothing written twice.
        restriction(requestId, true, List.of(Systems.CONSENT), restrictionOrder);
        JsonNode again = awaitConfirmations(restrictionOrder, 2).get(1);
        assertEquals("0 rows", again.get("evidence").get(0).get("objectId").asText());
        assertEquals("already-restricted", again.get("evidence").get(0).get("result").asText());
        assertEquals("APPLIED", again.get("outcome").asText());

        // A second restriction of the subject, then the first one is lifted: every purpose stays suspended, and the
        // lift's confirmation says why.
        UUID secondOrder = UUID.randomUUID();
        UUID secondRequest = UUID.randomUUID();
        restriction(secondRequest, true, List.of(Systems.CONSENT), secondOrder);
        awaitConfirmations(secondOrder, 1);
        UUID liftOrder = UUID.randomUUID();
        restriction(requestId, false, List.of(Systems.CONSENT, Systems.HUBSPOT), liftOrder);
        JsonNode lifted = awaitConfirmations(liftOrder, 1).get(0);
        assertEquals("RESTRICTION_LIFT", lifted.get("kind").asText());
        assertEquals("APPLIED", lifted.get("outcome").asText());
        assertEquals("1 rows", lifted.get("evidence").get(0).get("objectId").asText());
        assertEquals("DELETE", lifted.get("evidence").get(0).get("action").asText());
        assertEquals("lifted", lifted.get("evidence").get(0).get("result").asText());
        assertTrue(lifted.get("evidence").get(0).get("verification").asText().startsWith("re-count: 1 restriction "),
                lifted.toString());
        assertEquals(Restrictions.STILL_RESTRICTED_NOTICE, lifted.get("notices").get(0).asText());
        Consents.effective(subjectId, "marketing-email").body("reason", equalTo("RESTRICTED"));

        // The last one lifted: the consents in force apply again, and nothing is left to mention.
        UUID lastLift = UUID.randomUUID();
        restriction(secondRequest, false, List.of(Systems.CONSENT), lastLift);
        JsonNode free = awaitConfirmations(lastLift, 1).get(0);
        assertTrue(free.get("evidence").get(0).get("verification").asText().startsWith("re-count: 0 restrictions "), free.toString());
        assertEquals(0, free.get("notices").size());
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true)).body("reason", equalTo("GRANTED"));
        // Counts and ids only: no consent value or purpose text in the confirmations.
        assertTrue(kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream().filter(r -> subjectId.equals(r.key()))
                .noneMatch(r -> r.value().contains("marketing-email")));
    }

    /** The subject's order-confirmed records of one order, once there are {@code count}. */
    private List<JsonNode> awaitConfirmations(UUID orderId, int count) {
        List<JsonNode> found = kafka.awaitRecords(Events.ORDER_CONFIRMED.topic(),
                        r -> subjectId.equals(r.key()) && orderId.toString().equals(Consents.data(r).get("orderId").asText()),
                        count, Consents.WAIT).stream()
                .map(Consents::data).toList();
        assertEquals(count, found.size(), "order-confirmed records of " + orderId);
        return found;
    }

    private void fileObjection(UUID requestId, ObjectionScope scope, List<String> purposes) {
        RequestFiled filed = new RequestFiled(requestId, subjectId, RequestType.OBJECTION, RequestChannel.EMAIL, Instant.now(),
                LocalDate.now().plusMonths(1), scope, purposes);
        kafka.sendCloudEvent(Events.REQUEST_FILED.topic(), subjectId, Events.REQUEST_FILED.cloudEventType(), ErasureEvents.json(filed));
    }

    private void restriction(UUID requestId, boolean restricted, List<String> systems, UUID orderId) {
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), subjectId, Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(new RestrictionChanged(requestId, subjectId, restricted, RestrictionReason.ACCURACY_CONTESTED,
                        systems, Instant.now(), orderId)));
    }

    private static io.restassured.response.ValidatableResponse batch(String subjectId) {
        return given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body(Map.of("purpose", "marketing-email", "subjectIds", List.of(subjectId)))
                .post("/consents/effective").then().statusCode(200);
    }
}
