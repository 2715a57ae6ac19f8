package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.InjectPartnerSandbox;
import io.privacyplatform.partnersync.support.RequestServiceStub;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.RecordedCall;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rectification (GDPR Art. 16 and 19): {@code rectification-ordered} carries field codes only; each RECTIFY task fetches
 * the values from request-service with partner-sync's own service token (client credentials at the launchers' issuer),
 * sends them to Stripe (form, Idempotency-Key per task) or HubSpot (PATCH), reads them back, and drops them. No value
 * is stored, logged or published. Each expected partner confirms the order ({@code order-confirmed}) once its tasks are
 * finished: APPLIED, NOTHING_HELD or FAILED, and again after an operator's retry.
 */
@QuarkusTest
class RectificationTest extends ErasureTestBase {

    private static final String RECTIFICATION_ORDERED = Events.RECTIFICATION_ORDERED.topic();

    @InjectPartnerSandbox
    RequestServiceStub requestService;

    private static RectificationOrdered order(String subject, List<String> fields, List<String> systems) {
        return new RectificationOrdered(UUID.randomUUID(), UUID.randomUUID(), subject, fields, systems, Instant.now());
    }

    private void publish(RectificationOrdered order) {
        kafka.sendCloudEvent(RECTIFICATION_ORDERED, order.subjectId(), Events.RECTIFICATION_ORDERED.cloudEventType(),
                ErasureEvents.json(order));
    }

    private static String corrections(Map<String, String> values) {
        StringBuilder json = new StringBuilder("[");
        values.forEach((field, value) -> json.append(json.length() > 1 ? "," : "")
                .append("{\"field\":\"").append(field).append("\",\"value\":\"").append(value).append("\"}"));
        return json.append("]").toString();
    }

    @Test
    void anOlderOrderThatRunsLateNeverPutsBackAValueANewerOrderApplied() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, Map.of("email", "first." + unique() + "@example.com", "phone", "+33 1 00 00 00 00"));
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        // The older order cannot run yet (request-service does not serve its values): it stops.
        RectificationOrdered older = order(subject, List.of("email", "phone"), List.of(Systems.HUBSPOT));
        publish(older);
        PartnerTask stopped = awaitTask(contact, TaskState.DEAD);
        assertEquals(OrderOutcome.FAILED, awaitOrderConfirmations(older.orderId(), 1).get(0).outcome());
        // A newer order corrects the email again, and is applied.
        String newest = "newest." + unique() + "@example.com";
        RectificationOrdered newer = order(subject, List.of("email"), List.of(Systems.HUBSPOT));
        requestService.values(newer.requestId(), newer.orderId(), subject, corrections(Map.of("email", newest)));
        publish(newer);
        await().atMost(WAIT).until(() -> tasks(contact).stream().anyMatch(t -> newer.orderId().toString().equals(t.triggerId)
                && t.state == TaskState.DONE));

        // The older order now runs: its phone is applied, its email is not (the newer one stays).
        requestService.values(older.requestId(), older.orderId(), subject,
                corrections(Map.of("email", "older." + unique() + "@example.com", "phone", "+33 6 00 00 00 01")));
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).post("/tasks/" + stopped.id + "/retry")
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> task(stopped.id).state == TaskState.DONE);
        // The operator's retry led to a new confirmation: applied (the superseded email counts as current).
        OrderConfirmed reconfirmed = awaitOrderConfirmations(older.orderId(), 2).get(1);
        assertEquals(OrderOutcome.APPLIED, reconfirmed.outcome());
        assertTrue(reconfirmed.evidence().get(0).verification().contains("email superseded"), reconfirmed.toString());
        JsonPath outcome = outcome(older.orderId());
        assertEquals("RECTIFIED", partnerOutcome(outcome, Systems.HUBSPOT));
        assertEquals("superseded", outcome.getString("partners[0].objects[0].fields.find { it.field == 'email' }.result"));
        assertEquals("applied", outcome.getString("partners[0].objects[0].fields.find { it.field == 'phone' }.result"));
        RecordedCall lastPatch = sandbox.calls(Partner.HUBSPOT).stream()
                .filter(c -> c.method().equals("PATCH") && c.path().endsWith("/" + contact)).reduce((a, b) -> b).orElseThrow();
        assertTrue(lastPatch.body().contains("\"phone\"") && !lastPatch.body().contains("\"email\""), lastPatch.body());
        Map<String, Object> properties = hubSpotContact(contact);
        assertEquals(newest, properties.get("email"), "the newer address is still the contact's");
        assertEquals("+33 6 00 00 00 01", properties.get("phone"));
    }

    private static PartnerTask task(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> PartnerTask.<PartnerTask>findById(id));
    }

    @Test
    void anUnreadableOrderGoesToTheDeadLetterTopicAndTheNextOneIsPlanned() {
        String subject = "usr_" + unique();
        String type = Events.RECTIFICATION_ORDERED.cloudEventType();
        kafka.sendCloudEvent(RECTIFICATION_ORDERED, subject, type, "{\"orderId\": truncated");
        RectificationOrdered noFields = new RectificationOrdered(UUID.randomUUID(), UUID.randomUUID(), subject, List.of(),
                List.of(Systems.STRIPE), Instant.now());
        kafka.sendCloudEvent(RECTIFICATION_ORDERED, subject, type, ErasureEvents.json(noFields));
        RectificationOrdered good = order(subject, List.of("email"), List.of(Systems.STRIPE));
        publish(good);

        await().atMost(WAIT).until(() -> given().auth().oauth2(TestTokens.privacyOfficer()).get("/rectifications/" + good.orderId())
                .then().extract().statusCode() == 200);
        List<ConsumerRecord<String, String>> deadLetters = kafka.awaitRecords(DEAD_LETTERS, r -> subject.equals(r.key()), 2, WAIT);
        assertEquals(2, deadLetters.size());
        assertTrue(KafkaTestClient.header(deadLetters.get(0), "dead-letter-reason").contains("does not bind"));
        assertTrue(KafkaTestClient.header(deadLetters.get(1), "dead-letter-reason").contains("invalid data"));
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/rectifications/" + noFields.orderId()).then().statusCode(404);
    }

    private static JsonPath outcome(UUID orderId) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).get("/rectifications/" + orderId)
                .then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath awaitFinished(UUID orderId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> given().auth().oauth2(TestTokens.privacyOfficer())
                .get("/rectifications/" + orderId).then().extract().statusCode() == 200 && outcome(orderId).getBoolean("finished"));
        return outcome(orderId);
    }

    private static String partnerOutcome(JsonPath outcome, String partner) {
        return outcome.getString("partners.find { it.partner == '" + partner + "' }.outcome");
    }

    @Test
    void theNewValuesReachStripeAndHubSpotAndAreReadBackWithoutBeingKept() {
        String subject = "usr_" + unique();
        String customer = "cus_rect" + unique();
        String contact = uniqueDigits();
        String oldEmail = "old." + unique() + "@example.com";
        sandbox.seedStripeCustomer(customer, oldEmail, "Camille Dupont");
        sandbox.seedHubSpotContact(contact, Map.of("email", oldEmail, "firstname", "Camille", "lastname", "Dupont"));
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        register(subject, Systems.OPENAI, "response", "resp_rect" + unique(), "support-assistant");

        String newEmail = "camille.martin." + unique() + "@example.fr";
        String newPhone = "+33 6 12 34 56 78";
        Map<String, String> values = Map.of("first-name", "Camille", "last-name", "Martin", "email", newEmail,
                "phone", newPhone);
        RectificationOrdered order = order(subject, List.of("first-name", "last-name", "email", "phone"),
                List.of(Systems.CONSENT, Systems.STRIPE, Systems.HUBSPOT, Systems.OPENAI));
        requestService.values(order.requestId(), order.orderId(), subject, corrections(values));
        publish(order);

        JsonPath outcome = awaitFinished(order.orderId());
        assertEquals("RECTIFIED", partnerOutcome(outcome, Systems.STRIPE));
        assertEquals("RECTIFIED", partnerOutcome(outcome, Systems.HUBSPOT));
        assertEquals("NOT_APPLICABLE", partnerOutcome(outcome, Systems.OPENAI), "OpenAI holds content, no contact fields");
        assertEquals(List.of("first-name", "last-name", "email", "phone"), outcome.getList("fields"));
        assertEquals(3, outcome.getList("partners").size(), "consent-service is not a partner");
        assertEquals("name", outcome.getString("partners.find { it.partner == 'stripe' }.objects[0].fields.find { it.field == 'last-name' }.property"));
        assertEquals("lastname", outcome.getString("partners.find { it.partner == 'hubspot' }.objects[0].fields.find { it.field == 'last-name' }.property"));
        assertTrue(outcome.getString("partners.find { it.partner == 'hubspot' }.objects[0].verification").contains("SHA-256"));

        // At the partners: the new values.
        Map<String, Object> stripeCustomer = stripeCustomer(customer);
        assertEquals(newEmail, stripeCustomer.get("email"));
        assertEquals("Camille Martin", stripeCustomer.get("name"));
        assertEquals(newPhone, stripeCustomer.get("phone"));
        RecordedCall post = sandbox.calls(Partner.STRIPE).stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/v1/customers/" + customer)).findFirst().orElseThrow();
        PartnerTask stripeTask = task(customer);
        assertEquals(TaskKind.RECTIFY, stripeTask.kind);
        assertEquals("partner-sync-rectify-" + stripeTask.id, post.header("Idempotency-Key"));
        assertTrue(post.header("Content-Type").startsWith("application/x-www-form-urlencoded"), post.header("Content-Type"));
        assertEquals(Map.of("email", newEmail, "phone", newPhone, "name", "Camille Martin"), post.formParams());
        RecordedCall patch = sandbox.calls(Partner.HUBSPOT).stream()
                .filter(c -> c.method().equals("PATCH") && c.path().equals("/crm/v3/objects/contacts/" + contact)).findFirst().orElseThrow();
        assertTrue(patch.body().contains("\"firstname\":\"Camille\"") && patch.body().contains("\"lastname\":\"Martin\""), patch.body());
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().anyMatch(c -> c.method().equals("GET")
                && c.path().equals("/crm/v3/objects/contacts/" + contact) && c.query().contains("email")), "read back");
        assertTrue(sandbox.calls(Partner.OPENAI).stream().noneMatch(c -> c.path().contains("resp_rect")), "nothing sent to OpenAI");

        // One order-confirmed per partner the order names (consent-service confirms for itself): objects and calls.
        List<OrderConfirmed> confirmations = awaitOrderConfirmations(order.orderId(), 3);
        assertEquals(List.of(Systems.HUBSPOT, Systems.OPENAI, Systems.STRIPE),
                confirmations.stream().map(OrderConfirmed::system).sorted().toList());
        for (OrderConfirmed confirmed : confirmations) {
            assertEquals(OrderKind.RECTIFICATION, confirmed.kind());
            assertEquals(order.requestId(), confirmed.requestId());
            assertEquals(subject, confirmed.subjectId());
        }
        OrderConfirmed atStripe = from(confirmations, Systems.STRIPE);
        assertEquals(OrderOutcome.APPLIED, atStripe.outcome());
        assertEquals(List.of(), atStripe.notices());
        Evidence stripeEvidence = atStripe.evidence().get(0);
        assertEquals(List.of("customer", customer, "rectified"),
                List.of(stripeEvidence.objectType(), stripeEvidence.objectId(), stripeEvidence.result()));
        assertTrue(stripeEvidence.action().startsWith("POST /v1/customers/{id}"), stripeEvidence.action());
        assertTrue(stripeEvidence.verification().contains("fields: ") && stripeEvidence.verification().contains("email applied"),
                stripeEvidence.verification());
        OrderConfirmed atHubSpot = from(confirmations, Systems.HUBSPOT);
        assertEquals(OrderOutcome.APPLIED, atHubSpot.outcome());
        assertEquals(contact, atHubSpot.evidence().get(0).objectId());
        OrderConfirmed atOpenAi = from(confirmations, Systems.OPENAI);
        assertEquals(OrderOutcome.NOTHING_HELD, atOpenAi.outcome(), "OpenAI holds content, no contact fields");
        assertEquals(List.of(), atOpenAi.evidence());
        assertTrue(atOpenAi.notices().get(0).contains("holds none of the order's fields"), atOpenAi.notices().toString());

        // request-service was called with partner-sync's own service token: client credentials, its own client and roles.
        List<String> authorizations = requestService.authorizations(order.requestId());
        // One read per run of each task, never a kept copy: a run that a partner's transient failure (a dropped
        // connection, seen in CI) makes run again reads again.
        assertEquals(task(customer).attempts + task(contact).attempts, authorizations.size(), "one read per attempt");
        String claims = new String(Base64.getUrlDecoder().decode(authorizations.get(0).substring("Bearer ".length()).split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertTrue(claims.contains("\"sub\":\"service-account-" + RequestServiceStub.CLIENT_ID + "\""), claims);
        assertTrue(claims.contains("\"azp\":\"partner-sync-service\""), claims);
        assertTrue(claims.contains("\"rectification-reader\""), claims);

        // Nowhere in partner-sync: database, task API, metrics, Kafka.
        assertNoValueStored(subject, newEmail, "Martin", "12 34 56 78");
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).get("/tasks/" + stripeTask.id)
                .then().statusCode(200)
                .body("kind", is("RECTIFY"))
                .body("evidence.result", is("rectified"))
                .body("evidence.fields.find { it.field == 'email' }.result", is("applied"))
                .body(org.hamcrest.Matchers.not(containsString(newEmail)));
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("example.fr")))
                .body(containsString("partner_tasks{kind=\"RECTIFY\""));
        assertNothingOnKafkaAbout(List.of(Events.ERASURE_CONFIRMED.topic(), ORDER_CONFIRMED, RECTIFICATION_ORDERED, DEAD_LETTERS),
                newEmail, "Martin");

        // The same order again (another event id) plans nothing twice; a later order of the subject (same key, same
        // partition, handled after it) plans its own task.
        publish(order);
        RectificationOrdered later = order(subject, List.of("phone"), List.of(Systems.STRIPE));
        publish(later);
        await().atMost(WAIT).until(() -> tasks(customer).size() == 2);
        assertEquals(1, tasks(contact).size(), "one task per (order, object)");
        // The later order is confirmed (its values are unknown: FAILED); the outbox relays in commit order, so the
        // repeated order would have been confirmed again before it.
        assertEquals(OrderOutcome.FAILED, awaitOrderConfirmations(later.orderId(), 1).get(0).outcome());
        assertEquals(3, orderConfirmations(order.orderId()).size(), "a repeated order is not confirmed again");
    }

    @Test
    void onlyOneHalfOfTheNameCannotBeAppliedToStripesSingleNameButReachesHubSpot() {
        String subject = "usr_" + unique();
        String customer = "cus_half" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(customer, "half." + unique() + "@example.com", "Jean Durand");
        sandbox.seedHubSpotContact(contact, Map.of("firstname", "Jean", "lastname", "Durand"));
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        RectificationOrdered order = order(subject, List.of("last-name"), List.of(Systems.STRIPE, Systems.HUBSPOT));
        requestService.values(order.requestId(), order.orderId(), subject, corrections(Map.of("last-name", "Lefebvre")));
        publish(order);

        JsonPath outcome = awaitFinished(order.orderId());
        assertEquals("PARTIALLY_RECTIFIED", partnerOutcome(outcome, Systems.STRIPE));
        assertEquals("not-applied-partial-name",
                outcome.getString("partners.find { it.partner == 'stripe' }.objects[0].fields[0].result"));
        assertEquals("RECTIFIED", partnerOutcome(outcome, Systems.HUBSPOT));
        assertEquals("Jean Durand", stripeCustomer(customer).get("name"), "Stripe's name is left alone, not guessed");
        List<OrderConfirmed> confirmations = awaitOrderConfirmations(order.orderId(), 2);
        OrderConfirmed atStripe = from(confirmations, Systems.STRIPE);
        assertEquals(OrderOutcome.APPLIED, atStripe.outcome());
        assertEquals(List.of("At stripe some fields could not be applied: last-name (not-applied-partial-name); the others "
                + "were applied and read back."), atStripe.notices());
        assertEquals(List.of(), from(confirmations, Systems.HUBSPOT).notices());
        assertTrue(sandbox.calls(Partner.STRIPE).stream().noneMatch(c -> c.method().equals("POST") && c.path().contains(customer)));
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().anyMatch(c -> c.method().equals("PATCH") && c.path().endsWith(contact)
                && c.body().contains("\"lastname\":\"Lefebvre\"") && !c.body().contains("firstname")));
    }

    @Test
    void aRunRepeatedAfterALostAnswerReusesItsIdempotencyKeyAndStripeReplaysTheFirstAnswer() throws Exception {
        String subject = "usr_" + unique();
        String customer = "cus_idem" + unique();
        String other = "cus_idemx" + unique();
        sandbox.seedStripeCustomer(customer, "idem." + unique() + "@example.com", "Ana Lopez");
        sandbox.seedStripeCustomer(other, "idemx." + unique() + "@example.com", "Ana Lopez");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        String otherSubject = "usr_" + unique();
        register(otherSubject, Systems.STRIPE, "customer", other, "billing");

        // request-service does not know the requests yet: the tasks stop (404) before reaching Stripe.
        RectificationOrdered order = order(subject, List.of("email"), List.of(Systems.STRIPE));
        RectificationOrdered otherOrder = order(otherSubject, List.of("email"), List.of(Systems.STRIPE));
        publish(order);
        publish(otherOrder);
        PartnerTask task = awaitTask(customer, TaskState.DEAD);
        PartnerTask otherTask = awaitTask(other, TaskState.DEAD);
        assertEquals("values-unavailable", task.deadReason);
        assertEquals(OrderOutcome.FAILED, awaitOrderConfirmations(order.orderId(), 1).get(0).outcome());

        // An earlier run reached Stripe and lost the answer (crash): same key, same parameters.
        String email = "idem.new." + unique() + "@example.com";
        // (Its key: the task's, and the operator's retry below is the task's first: "-r1".)
        assertEquals(200, postToStripe(customer, "partner-sync-rectify-" + task.id + "-r1", "email=" + email));
        // For the other task, the earlier run sent something else under its key: Stripe refuses, the task stops.
        assertEquals(200, postToStripe(other, "partner-sync-rectify-" + otherTask.id + "-r1", "email=earlier%40example.com"));

        requestService.values(order.requestId(), order.orderId(), subject, corrections(Map.of("email", email)));
        requestService.values(otherOrder.requestId(), otherOrder.orderId(), otherSubject,
                corrections(Map.of("email", "idemx.new." + unique() + "@example.com")));
        // The operator runs them again: same task, same key.
        for (PartnerTask dead : List.of(task, otherTask)) {
            given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).post("/tasks/" + dead.id + "/retry")
                    .then().statusCode(200).body("state", is("PENDING"));
        }

        PartnerTask done = awaitTask(customer, TaskState.DONE);
        assertEquals("rectified", done.result);
        List<RecordedCall> posts = sandbox.calls(Partner.STRIPE).stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/v1/customers/" + customer)).toList();
        assertEquals(2, posts.size(), "the earlier run and the task's run");
        assertTrue(posts.stream().allMatch(c -> ("partner-sync-rectify-" + task.id + "-r1").equals(c.header("Idempotency-Key"))));
        assertEquals(posts.get(0).responseBody(), posts.get(1).responseBody(), "Stripe replayed its first answer");
        assertEquals(email, stripeCustomer(customer).get("email"));
        assertEquals(OrderOutcome.APPLIED, awaitOrderConfirmations(order.orderId(), 2).get(1).outcome(),
                "the retried task's order is confirmed again");

        await().atMost(WAIT).until(() -> task(other).state == TaskState.DEAD && task(other).lastErrorStatus == 400);
        PartnerTask dead = task(other);
        assertEquals(400, dead.lastErrorStatus);
        assertEquals("idempotency_error", dead.lastErrorCode);
        assertEquals("earlier@example.com", stripeCustomer(other).get("email"), "nothing applied twice");
        assertEquals("FAILED", partnerOutcome(outcome(otherOrder.orderId()), Systems.STRIPE));

        // The operator retries again: a deliberate new update, under a new key, goes through.
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).post("/tasks/" + dead.id + "/retry")
                .then().statusCode(200);
        await().atMost(WAIT).until(() -> task(other).state == TaskState.DONE);
        assertTrue(sandbox.calls(Partner.STRIPE).stream().anyMatch(c -> c.method().equals("POST") && c.path().endsWith(other)
                && ("partner-sync-rectify-" + otherTask.id + "-r2").equals(c.header("Idempotency-Key")) && c.status() == 200));
        assertEquals("RECTIFIED", partnerOutcome(outcome(otherOrder.orderId()), Systems.STRIPE));
        List<OrderConfirmed> otherConfirmations = awaitOrderConfirmations(otherOrder.orderId(), 3);
        assertEquals(List.of(OrderOutcome.FAILED, OrderOutcome.FAILED, OrderOutcome.APPLIED),
                otherConfirmations.stream().map(OrderConfirmed::outcome).toList(), "dead, retried and dead, retried and applied");
    }

    @Test
    void requestServiceAnswersDecideBetweenRetryAndDeadAndAnEmptyLedgerNeedsNoValues() {
        String subject = "usr_" + unique();
        String contact = uniqueDigits();
        sandbox.seedHubSpotContact(contact, "gone." + unique() + "@example.com");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        // 404 at request-service: no values for this order, the task stops with its reason.
        RectificationOrdered unknown = order(subject, List.of("email"), List.of(Systems.HUBSPOT));
        publish(unknown);
        PartnerTask dead = awaitTask(contact, TaskState.DEAD);
        assertEquals("values-unavailable", dead.deadReason);
        assertEquals(404, dead.lastErrorStatus);
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().noneMatch(c -> c.method().equals("PATCH") && c.path().endsWith(contact)));
        assertEquals("FAILED", partnerOutcome(outcome(unknown.orderId()), Systems.HUBSPOT));
        OrderConfirmed failed = awaitOrderConfirmations(unknown.orderId(), 1).get(0);
        assertEquals(Systems.HUBSPOT, failed.system());
        assertEquals(OrderOutcome.FAILED, failed.outcome());
        assertEquals("failed", failed.evidence().get(0).result());
        String verification = failed.evidence().get(0).verification();
        assertTrue(verification.startsWith("not applied: gave up after ") && verification.contains("reason: values-unavailable"),
                verification);
        assertTrue(failed.notices().get(0).startsWith("1 of 1 objects at hubspot could not be corrected (reason codes: "
                + "values-unavailable;"), failed.notices().get(0));

        // The address belongs to another HubSpot contact: a 409 in HubSpot's shape cannot be retried away.
        String taken = "taken." + unique() + "@example.com";
        sandbox.seedHubSpotContact(uniqueDigits(), taken);
        RectificationOrdered conflict = order(subject, List.of("email"), List.of(Systems.HUBSPOT));
        requestService.values(conflict.requestId(), conflict.orderId(), subject, corrections(Map.of("email", taken)));
        publish(conflict);
        await().atMost(WAIT).until(() -> tasks(contact).stream().anyMatch(t -> conflict.orderId().toString().equals(t.triggerId)
                && t.state == TaskState.DEAD));
        PartnerTask conflicted = tasks(contact).stream().filter(t -> conflict.orderId().toString().equals(t.triggerId)).findFirst().orElseThrow();
        assertEquals("partner-rejected", conflicted.deadReason);
        assertEquals("CONFLICT", conflicted.lastErrorCode);
        assertFalse(conflicted.lastError.contains(taken), "the partner's message is not kept");

        // Values of another subject are never applied.
        RectificationOrdered mismatch = order(subject, List.of("email"), List.of(Systems.HUBSPOT));
        requestService.values(mismatch.requestId(), mismatch.orderId(), "usr_someone-else", corrections(Map.of("email", "x@example.com")));
        publish(mismatch);
        await().atMost(WAIT).until(() -> tasks(contact).stream().anyMatch(t -> mismatch.orderId().toString().equals(t.triggerId)
                && t.state == TaskState.DEAD && "values-unavailable".equals(t.deadReason)));

        // A subject without records: NOTHING_HELD, and request-service is not even asked.
        RectificationOrdered nothing = order("usr_" + unique(), List.of("email"), List.of(Systems.STRIPE, Systems.HUBSPOT));
        publish(nothing);
        await().atMost(WAIT).until(() -> given().auth().oauth2(TestTokens.privacyOfficer()).get("/rectifications/" + nothing.orderId())
                .then().extract().statusCode() == 200);
        JsonPath outcome = outcome(nothing.orderId());
        assertTrue(outcome.getBoolean("finished"));
        assertEquals("NOTHING_HELD", partnerOutcome(outcome, Systems.STRIPE));
        assertEquals("NOTHING_HELD", partnerOutcome(outcome, Systems.HUBSPOT));
        assertEquals(0, requestService.calls(nothing.requestId()));
        List<OrderConfirmed> nothingHeld = awaitOrderConfirmations(nothing.orderId(), 2);
        for (OrderConfirmed confirmed : nothingHeld) {
            assertEquals(OrderOutcome.NOTHING_HELD, confirmed.outcome(), confirmed.system());
            assertEquals(List.of(), confirmed.evidence(), confirmed.system());
        }

        given().auth().oauth2(TestTokens.privacyOfficer()).get("/rectifications/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/rectifications/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(TestTokens.processorRecordRecorder()).get("/rectifications/" + nothing.orderId()).then().statusCode(403);
        given().get("/rectifications/" + nothing.orderId()).then().statusCode(401);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> stripeCustomer(String id) {
        List<Map<String, Object>> customers = (List<Map<String, Object>>) sandbox.state(Partner.STRIPE).get("customers");
        return customers.stream().filter(c -> id.equals(c.get("id"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> hubSpotContact(String id) {
        List<Map<String, Object>> contacts = (List<Map<String, Object>>) sandbox.state(Partner.HUBSPOT).get("contacts");
        return (Map<String, Object>) contacts.stream().filter(c -> id.equals(c.get("id"))).findFirst().orElseThrow().get("properties");
    }

    private int postToStripe(String customer, String idempotencyKey, String form) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sandbox.stripeBaseUrl() + "/v1/customers/" + customer))
                .header("Authorization", "Bearer sk_test_earlier_run")
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /** No value in partner-sync's tables for that subject (task rows, tracking rows). */
    private static void assertNoValueStored(String subject, String... values) {
        String rows = QuarkusTransaction.requiringNew().call(() -> {
            Object tasks = PartnerTask.getEntityManager()
                    .createNativeQuery("select coalesce(string_agg(cast(row_to_json(t) as text), ' '), '') from partner_task t where subject_id = ?1")
                    .setParameter(1, subject).getSingleResult();
            Object rectifications = PartnerTask.getEntityManager()
                    .createNativeQuery("select coalesce(string_agg(cast(row_to_json(r) as text), ' '), '') from partner_rectification r where subject_id = ?1")
                    .setParameter(1, subject).getSingleResult();
            return tasks + " " + rectifications;
        });
        assertTrue(rows.contains("RECTIFY") && rows.contains("first-name,last-name,email,phone"), rows);
        for (String value : values) {
            assertFalse(rows.toLowerCase().contains(value.toLowerCase()), "no rectified value stored: " + rows);
        }
        assertNotNull(rows);
    }
}
