package io.privacyplatform.retention.datastore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.privacyplatform.retention.datastore.AccountRows.query;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rectification, restriction, export and contact lookup reaching the example account database through the real
 * stack: events on Kafka, the queued orders in PostgreSQL, request-service's values over HTTP with the service's own
 * client-credentials token, confirmations read back from {@code order-confirmed}.
 */
@QuarkusTest
@TestProfile(WithDatastoreRights.class)
class DatastoreRightsTest {

    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String STORE = AccountDatabaseResource.NAME;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    @RequestServiceStub.Inject
    RequestServiceStub requestService;

    private final String subject = AccountRows.newSubjectId();

    @Test
    void aRectificationNamingTheDatastoreUpdatesItsColumnsAndIsConfirmedWithoutTheValues() throws Exception {
        AccountRows.insertSubject(subject);
        String bystander = AccountRows.newSubjectId();
        AccountRows.insertSubject(bystander);
        RectificationOrdered order = rectification(List.of("last-name", "email"), List.of("stripe", STORE));
        requestService.values(order.requestId(), order.orderId(), subject,
                "[{\"field\":\"last-name\",\"value\":\"Moreau-Blanc\"},{\"field\":\"email\",\"value\":\"jeanne.mb@example.org\"}]");

        send(order);
        ConsumerRecord<String, String> record = awaitConfirmation(order.orderId());
        OrderConfirmed confirmed = JSON.readValue(record.value(), OrderConfirmed.class);

        assertEquals(OrderKind.RECTIFICATION, confirmed.kind());
        assertEquals(OrderOutcome.APPLIED, confirmed.outcome());
        assertEquals(order.requestId(), confirmed.requestId());
        assertEquals(subject, confirmed.subjectId());
        assertEquals(List.of("profiles|1 rows|UPDATE profiles set last_name|updated", "accounts|1 rows|UPDATE accounts set email|updated"),
                confirmed.evidence().stream().map(e -> e.objectType() + "|" + e.objectId() + "|" + e.action() + "|" + e.result()).toList());
        assertTrue(confirmed.evidence().stream().allMatch(e -> e.verification().startsWith("re-read: 1 rows")));
        assertFalse(record.value().contains("Moreau-Blanc") || record.value().contains("jeanne.mb"), "no value on Kafka: " + record.value());

        assertEquals(List.of("Jeanne|Moreau-Blanc|jeanne.mb@example.org"), query("select p.first_name || '|' || p.last_name"
                + " || '|' || a.email from accounts a join profiles p on p.account_id = a.id where a.subject_id = ?", subject));
        assertEquals(List.of("Moreau"), query("select p.last_name from accounts a join profiles p on p.account_id = a.id"
                + " where a.subject_id = ?", bystander));
        // Fetched with retention-service's own token (client credentials at the issuer).
        assertEquals(1, requestService.authorizations(order.requestId()).size());
        assertTrue(requestService.authorizations(order.requestId()).get(0).startsWith("Bearer "));
    }

    @Test
    void anOrderNotNamingTheDatastoreIsIgnored() throws Exception {
        AccountRows.insertSubject(subject);
        RectificationOrdered notOurs = rectification(List.of("last-name"), List.of("stripe", "hubspot"));
        requestService.values(notOurs.requestId(), notOurs.orderId(), subject, "[{\"field\":\"last-name\",\"value\":\"Other\"}]");
        RectificationOrdered ours = rectification(List.of("first-name"), List.of(STORE));
        requestService.values(ours.requestId(), ours.orderId(), subject, "[{\"field\":\"first-name\",\"value\":\"Jeannette\"}]");

        send(notOurs);
        send(ours);
        awaitConfirmation(ours.orderId());

        // Same subject, same partition, in order: the first order was consumed before the second.
        assertEquals(List.of("Jeannette|Moreau"), query("select p.first_name || '|' || p.last_name from accounts a"
                + " join profiles p on p.account_id = a.id where a.subject_id = ?", subject));
        assertEquals(0, requestService.authorizations(notOurs.requestId()).size(), "its values were not even fetched");
        assertEquals(0, kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream()
                .filter(r -> r.value().contains(notOurs.orderId().toString())).count());
    }

    @Test
    void valuesRequestServiceDoesNotHaveMakeTheConfirmationSayFailed() throws Exception {
        AccountRows.insertSubject(subject);
        RectificationOrdered order = rectification(List.of("phone"), List.of(STORE)); // no values stubbed: 404

        send(order);
        OrderConfirmed confirmed = JSON.readValue(awaitConfirmation(order.orderId()).value(), OrderConfirmed.class);

        assertEquals(OrderOutcome.FAILED, confirmed.outcome());
        assertEquals("failed", confirmed.evidence().get(0).result());
        assertTrue(confirmed.evidence().get(0).verification().contains("NOT_FOUND"), confirmed.evidence().get(0).verification());
        assertEquals(List.of("+33 6 00 00 00 01"), query("select p.phone from accounts a join profiles p on p.account_id = a.id"
                + " where a.subject_id = ?", subject));
    }

    @Test
    void valuesNotServedYetAreAskedAgainWithBackoffUntilTheyCome() throws Exception {
        AccountRows.insertSubject(subject);
        RectificationOrdered order = rectification(List.of("phone"), List.of(STORE));
        requestService.answer(order.requestId(), 409, "{\"status\":409,\"title\":\"Conflict\"}");

        send(order);
        await().atMost(WAIT).until(() -> requestService.authorizations(order.requestId()).size() >= 1);
        requestService.values(order.requestId(), order.orderId(), subject, "[{\"field\":\"phone\",\"value\":\"+33 7 11 11 11 11\"}]");
        OrderConfirmed confirmed = JSON.readValue(awaitConfirmation(order.orderId()).value(), OrderConfirmed.class);

        assertEquals(OrderOutcome.APPLIED, confirmed.outcome());
        assertTrue(requestService.authorizations(order.requestId()).size() >= 2, "asked again after the 409");
        assertEquals(List.of("+33 7 11 11 11 11"), query("select p.phone from accounts a join profiles p on p.account_id = a.id"
                + " where a.subject_id = ?", subject));
    }

    @Test
    void aRestrictionAndItsLiftingAreMarkedInTheDatastoreAndConfirmed() throws Exception {
        AccountRows.insertSubject(subject);
        String restricted = "select processing_restricted from accounts where subject_id = ?";
        UUID requestId = UUID.randomUUID();

        RestrictionChanged restrict = restriction(requestId, true, UUID.randomUUID());
        send(restrict);
        OrderConfirmed restriction = JSON.readValue(awaitConfirmation(restrict.orderId()).value(), OrderConfirmed.class);
        assertEquals(OrderKind.RESTRICTION, restriction.kind());
        assertEquals(OrderOutcome.APPLIED, restriction.outcome());
        assertEquals("accounts.processing_restricted", restriction.evidence().get(0).objectType());
        assertEquals("re-read: 1 rows of the subject marked restricted", restriction.evidence().get(0).verification());
        assertEquals(List.of(true), query(restricted, subject));

        RestrictionChanged lift = restriction(requestId, false, UUID.randomUUID());
        send(lift);
        OrderConfirmed lifted = JSON.readValue(awaitConfirmation(lift.orderId()).value(), OrderConfirmed.class);
        assertEquals(OrderKind.RESTRICTION_LIFT, lifted.kind());
        assertEquals(OrderOutcome.APPLIED, lifted.outcome());
        assertEquals(List.of(false), query(restricted, subject));
    }

    @Test
    void aRestrictionWithoutAnOrderIdIsAppliedButNotConfirmed() throws Exception {
        AccountRows.insertSubject(subject);
        UUID requestId = UUID.randomUUID();

        send(restriction(requestId, true, null));
        await().atMost(WAIT).untilAsserted(() -> assertEquals(List.of(true),
                query("select processing_restricted from accounts where subject_id = ?", subject)));
        RestrictionChanged lift = restriction(requestId, false, UUID.randomUUID());
        send(lift);
        awaitConfirmation(lift.orderId());

        assertEquals(1, kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream()
                .filter(r -> r.value().contains("\"" + subject + "\"")).count(), "only the lifting with an order id is confirmed");
    }

    @Test
    void theExportHoldsTheDatastoresSlice() throws Exception {
        AccountRows.insertSubject(subject);

        given().auth().oauth2(TestTokens.subjectExportReader()).get("/subjects/{id}/export", subject).then().statusCode(200)
                .body("datastores", hasSize(1))
                .body("datastores[0].datastore", equalTo(STORE))
                .body("datastores[0].tables.accounts[0].email", equalTo(AccountRows.email(subject)))
                .body("datastores[0].tables.profiles[0].last_name", equalTo("Moreau"))
                .body("datastores[0].tables.order_lines", hasSize(4));
        given().auth().oauth2(TestTokens.subjectExportReader()).get("/subjects/{id}/export", AccountRows.newSubjectId()).then()
                .statusCode(200).body("datastores", hasSize(0));
    }

    @Test
    void theContactLookupGivesTheEmailAndAnswers404ForAnUnknownSubject() throws Exception {
        AccountRows.insertSubject(subject);

        given().auth().oauth2(TestTokens.contactReader()).get("/subjects/{id}/contact", subject).then().statusCode(200)
                .body("subjectId", equalTo(subject))
                .body("emails", equalTo(List.of(AccountRows.email(subject))));
        given().auth().oauth2(TestTokens.contactReader()).get("/subjects/{id}/contact", AccountRows.newSubjectId()).then()
                .statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/{id}/contact", subject).then().statusCode(403);
        // The one lookup that read an address is in the access journal (policy §10), by the caller's token.
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject).get("/access-journal").then()
                .statusCode(200).body("total", equalTo(1))
                .body("items[0].categories", equalTo(List.of("contact")))
                .body("items[0].actor", equalTo(TestTokens.serviceAccount(TestTokens.REQUEST_SERVICE)))
                .body("items[0].endpoint", equalTo("GET /subjects/{subjectId}/contact"));
    }

    @Test
    void aSubjectIdThatLooksLikeSqlIsHarmless() throws Exception {
        AccountRows.insertSubject(subject);
        long accounts = ((Number) query("select count(*) from accounts").get(0)).longValue();

        given().auth().oauth2(TestTokens.contactReader()).get("/subjects/{id}/contact", "x' or '1'='1").then()
                .statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.contactReader()).get("/subjects/{id}/contact", "x';drop table accounts;--").then()
                .statusCode(400);
        // Within the id syntax, still only a bound value.
        given().auth().oauth2(TestTokens.contactReader()).get("/subjects/{id}/contact", "0--").then().statusCode(404);
        RectificationOrdered injected = new RectificationOrdered(UUID.randomUUID(), UUID.randomUUID(), "x' or '1'='1",
                List.of("email"), List.of(STORE), Instant.now());
        send(injected);
        kafka.awaitRecord("dead-letter.retention-service", r -> r.value() != null && r.value().contains(injected.orderId().toString()), WAIT);

        assertEquals(accounts, ((Number) query("select count(*) from accounts").get(0)).longValue());
        given().auth().oauth2(TestTokens.contactReader()).get("/subjects/{id}/contact", subject).then().statusCode(200)
                .body("emails", equalTo(List.of(AccountRows.email(subject))));
    }

    private RectificationOrdered rectification(List<String> fields, List<String> expectedSystems) {
        return new RectificationOrdered(UUID.randomUUID(), UUID.randomUUID(), subject, fields, expectedSystems, Instant.now());
    }

    private RestrictionChanged restriction(UUID requestId, boolean restricted, UUID orderId) {
        return new RestrictionChanged(requestId, subject, restricted, RestrictionReason.ACCURACY_CONTESTED,
                List.of("consent", "hubspot", STORE), Instant.now(), orderId);
    }

    private void send(RectificationOrdered order) {
        kafka.sendCloudEvent(Events.RECTIFICATION_ORDERED.topic(), order.subjectId(), Events.RECTIFICATION_ORDERED.cloudEventType(),
                ErasureEvents.json(order));
    }

    private void send(RestrictionChanged change) {
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), change.subjectId(), Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(change));
    }

    private ConsumerRecord<String, String> awaitConfirmation(UUID orderId) {
        return kafka.awaitRecord(Events.ORDER_CONFIRMED.topic(), r -> r.value() != null && r.value().contains(orderId.toString())
                && r.value().contains("\"system\":\"" + STORE + "\""), WAIT);
    }
}
