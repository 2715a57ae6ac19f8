package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.partnersync.service.ErasureConfirmations;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.partnersync.support.PartnerSandboxResource;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.RecordedCall;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Stripe's billing records (issue 13, item 6): a customer's erasure records the invoices, charges and payment
 * intents Stripe keeps as accounting records (ids only, kept under the accounting rule); the scoped erasure of billing
 * that retention-service orders when the rule's ten years end redacts them with redaction jobs and confirms ERASED.
 */
@QuarkusTest
class StripeBillingRecordsTest extends ErasureTestBase {

    private static final String RULE = "accounting-ten-years";
    /** What retention-service orders at the end of billing's ten years (the registry names these systems). */
    private static final List<String> BILLING_END_SYSTEMS = List.of(Systems.RETENTION, Systems.STRIPE, "account-database");

    @Test
    void theCustomersErasureRecordsWhatStripeKeepsAndTheEndOfBillingRedactsItAndConfirmsErased() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String invoice = "in_" + unique();
        String secondInvoice = "in_" + unique();
        String charge = "ch_" + unique();
        String intent = "pi_" + unique();
        sandbox.seedStripeCustomer(customer, "kept@example.com", "Kept Person");
        sandbox.seedStripeBillingObject(invoice, customer, Map.of("customer_email", "kept@example.com",
                "customer_name", "Kept Person"));
        sandbox.seedStripeBillingObject(secondInvoice, customer, Map.of("customer_email", "kept@example.com"));
        sandbox.seedStripeBillingObject(charge, customer, Map.of("billing_details.name", "Kept Person"));
        sandbox.seedStripeBillingObject(intent, customer, Map.of("receipt_email", "kept@example.com"));
        String otherInvoice = "in_" + unique();
        sandbox.seedStripeBillingObject(otherInvoice, "cus_" + unique(), Map.of("customer_email", "other@example.com"));
        register(subject, Systems.STRIPE, "customer", customer, "billing");

        ErasureOrdered whole = wholeErasure(subject, ERASURE_SYSTEMS);
        erasures.publish(whole);
        ErasureConfirmed first = of(awaitConfirmations(whole.orderId(), 3), Systems.STRIPE);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, first.outcome());
        assertEquals(List.of(ErasureConfirmations.STRIPE_BILLING_RECORDS), first.retained());
        assertEquals(RULE, first.retained().get(0).rule(), "the exemption names the rule that ends it");
        Evidence deleted = first.evidence().get(0);
        assertEquals("deleted", deleted.result());
        assertTrue(deleted.verification().endsWith("kept at Stripe as accounting records (GET /v1/{invoices,charges,"
                + "payment_intents}?customer=): 2 invoice, 1 charge, 1 payment_intent"), deleted.verification());

        // Listed before the deletion, by customer id; recorded as kept (ids only), nothing else of them anywhere.
        List<String> calls = sandbox.calls(Partner.STRIPE).stream().filter(c -> c.url().contains(customer))
                .map(c -> c.method() + " " + c.url()).toList();
        assertEquals(List.of("GET /v1/invoices?customer=" + customer + "&limit=100",
                "GET /v1/charges?customer=" + customer + "&limit=100",
                "GET /v1/payment_intents?customer=" + customer + "&limit=100",
                "DELETE /v1/customers/" + customer, "GET /v1/customers/" + customer), calls);
        JsonPath records = records(subject);
        assertEquals(List.of("charge", "customer", "invoice", "invoice", "payment_intent"),
                records.<String>getList("objectType").stream().sorted().toList());
        for (String kept : List.of(invoice, secondInvoice, charge, intent)) {
            Map<String, Object> record = record(records, kept);
            assertEquals("kept-at-erasure", record.get("source"));
            assertEquals(RULE, record.get("retainedUnder"));
            assertEquals("billing", record.get("purpose"));
            assertNull(record.get("erasedAt"), "kept, not erased");
        }
        assertFalse(records.prettify().contains("kept@example.com") || records.prettify().contains("Kept Person"));
        assertEquals("kept@example.com", sandbox.stripeBillingObject(invoice).get("customer_email"),
                "Stripe keeps it until the rule ends");

        // Ten years later: retention-service's scoped erasure of billing, naming stripe.
        ErasureOrdered billingEnd = billingEnds(subject);
        erasures.publish(billingEnd);
        ErasureConfirmed confirmed = awaitConfirmations(billingEnd.orderId(), 1).get(0);
        assertEquals(Systems.STRIPE, confirmed.system());
        assertEquals(ErasureOutcome.ERASED, confirmed.outcome());
        assertEquals(List.of(), confirmed.retained(), "nothing kept any more");
        assertEquals(List.of("4 objects kept at stripe as accounting records (1 charge, 2 invoice, 1 payment_intent) "
                + "redacted now that their retention (accounting-ten-years) has ended: the objects stay at stripe "
                + "without personal data."), confirmed.notices());
        assertEquals(5, confirmed.evidence().size(), "the customer (already gone) and the four kept objects");
        for (String kept : List.of(invoice, secondInvoice, charge, intent)) {
            Evidence evidence = confirmed.evidence().stream().filter(e -> e.objectId().equals(kept)).findFirst().orElseThrow();
            assertEquals("redacted", evidence.result());
            assertTrue(evidence.action().startsWith("POST /v1/privacy/redaction_jobs"), evidence.action());
            assertTrue(evidence.verification().matches("redaction job prj_\\w+ succeeded; GET /v1/\\w+/\\{id}: \\d "
                    + "personal fields? redacted"), evidence.verification());
        }
        assertEquals("[redacted]", sandbox.stripeBillingObject(invoice).get("customer_email"));
        assertEquals("[redacted]", sandbox.stripeBillingObject(invoice).get("customer_name"));
        assertEquals("[redacted]", sandbox.stripeBillingObject(intent).get("receipt_email"));
        assertEquals("[redacted]", ((Map<?, ?>) sandbox.stripeBillingObject(charge).get("billing_details")).get("name"));
        assertEquals(invoice, sandbox.stripeBillingObject(invoice).get("id"), "redacted, not deleted");

        // One job per object, created with the task's Idempotency-Key, followed until it succeeded.
        List<RecordedCall> created = sandbox.calls(Partner.STRIPE).stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/v1/privacy/redaction_jobs")
                        && c.body().contains(invoice)).toList();
        assertEquals(1, created.size());
        assertEquals(Map.of("objects[invoices][]", invoice, "validation_behavior", "error"), created.get(0).formParams());
        assertTrue(created.get(0).header("Idempotency-Key").startsWith("partner-sync-redact-"));
        String job = (String) JsonPath.from(created.get(0).responseBody()).get("id");
        assertEquals(List.of("GET", "POST run", "GET"), sandbox.calls(Partner.STRIPE).stream()
                .filter(c -> c.path().startsWith("/v1/privacy/redaction_jobs/" + job))
                .map(c -> c.method().equals("GET") ? "GET" : "POST " + c.path().substring(c.path().lastIndexOf('/') + 1))
                .toList(), "validating → ready (run) → redacting → succeeded");

        JsonPath after = records(subject);
        for (String kept : List.of(invoice, secondInvoice, charge, intent)) {
            assertEquals(billingEnd.orderId().toString(), record(after, kept).get("erasedByOrder"));
        }
        assertEquals("other@example.com", sandbox.stripeBillingObject(otherInvoice).get("customer_email"),
                "another customer's records are left alone");
        assertNothingOnKafkaAbout(List.of(ERASURE_CONFIRMED), "kept@example.com", "Kept Person");
    }

    @Test
    void aCustomerStillAtStripeWhenBillingEndsIsDeletedAndItsRecordsRedactedByTheSameOrder() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String invoice = "in_" + unique();
        sandbox.seedStripeCustomer(customer, "late@example.com", "Late");
        sandbox.seedStripeBillingObject(invoice, customer, Map.of("customer_email", "late@example.com"));
        register(subject, Systems.STRIPE, "customer", customer, "billing");

        ErasureOrdered billingEnd = billingEnds(subject);
        erasures.publish(billingEnd);
        ErasureConfirmed confirmed = awaitConfirmations(billingEnd.orderId(), 1).get(0);

        assertEquals(ErasureOutcome.ERASED, confirmed.outcome(), confirmed.toString());
        assertEquals(List.of(), confirmed.retained());
        assertEquals(List.of("customer deleted", "invoice redacted"), confirmed.evidence().stream()
                .map(e -> e.objectType() + " " + e.result()).sorted().toList());
        assertEquals("[redacted]", sandbox.stripeBillingObject(invoice).get("customer_email"));
        assertNotNull(record(records(subject), invoice).get("erasedAt"));
    }

    @Test
    void theEndOfBillingForASubjectWithNothingKeptAtStripeIsNothingHeld() {
        String subject = "usr_" + unique();
        ErasureOrdered billingEnd = billingEnds(subject);
        erasures.publish(billingEnd);

        ErasureConfirmed confirmed = awaitConfirmations(billingEnd.orderId(), 1).get(0);
        assertEquals(ErasureOutcome.NOTHING_HELD, confirmed.outcome());
        assertEquals(List.of(), confirmed.evidence());
        assertEquals(List.of(), confirmed.retained());
    }

    @Test
    void aScopeWithoutBillingErasesTheCustomerAsTodayAndKeepsTheBillingRecords() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String invoice = "in_" + unique();
        sandbox.seedStripeCustomer(customer, "orders@example.com", "Orders");
        sandbox.seedStripeBillingObject(invoice, customer, Map.of("customer_email", "orders@example.com"));
        register(subject, Systems.STRIPE, "customer", customer, "subscription-orders");

        ErasureOrdered order = new ErasureOrdered(UUID.randomUUID(), null, subject, ErasureReason.RETENTION_EXPIRED,
                List.of(Systems.STRIPE), List.of(), Instant.now(),
                new ErasureScope(List.of("subscription-orders"), List.of()));
        erasures.publish(order);
        ErasureConfirmed confirmed = awaitConfirmations(order.orderId(), 1).get(0);

        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(List.of(ErasureConfirmations.STRIPE_BILLING_RECORDS), confirmed.retained());
        assertEquals(List.of("customer"), confirmed.evidence().stream().map(Evidence::objectType).toList());
        assertEquals("orders@example.com", sandbox.stripeBillingObject(invoice).get("customer_email"));
        assertEquals(RULE, record(records(subject), invoice).get("retainedUnder"));
        assertTrue(sandbox.calls(Partner.STRIPE).stream().noneMatch(c -> c.body().contains(invoice)), "no redaction");
    }

    @Test
    void everyPageOfACustomersBillingObjectsIsRecorded() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        List<String> charges = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String charge = "ch_" + unique();
            charges.add(charge);
            sandbox.seedStripeBillingObject(charge, customer, Map.of());
        }
        sandbox.seedStripeCustomer(customer, "many@example.com", "Many");
        register(subject, Systems.STRIPE, "customer", customer, "billing");

        eraseAtStripe(subject);

        List<RecordedCall> pages = sandbox.calls(Partner.STRIPE).stream()
                .filter(c -> c.path().equals("/v1/charges") && c.url().contains(customer)).toList();
        assertEquals(2, pages.size());
        assertNull(pages.get(0).queryParams().get("starting_after"), "the first page has no cursor");
        assertEquals(JsonPath.from(pages.get(0).responseBody()).getList("data.id").get(99),
                pages.get(1).queryParams().get("starting_after"), "the next page starts after the last id");
        assertTrue(records(subject).<String>getList("objectId").containsAll(charges), "all 101 charges recorded as kept");
    }

    @Test
    void aRedactionFailureIsRetriedOrReportedLikeAnyTask() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String flaky = "in_" + unique();
        String locked = "in_" + unique();
        sandbox.seedStripeCustomer(customer, "fail@example.com", "Fail");
        sandbox.seedStripeBillingObject(flaky, customer, Map.of("customer_email", "fail@example.com"));
        sandbox.seedStripeBillingObject(locked, customer, Map.of("customer_email", "fail@example.com"), null, false);
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        eraseAtStripe(subject);

        // Stripe answers 503 twice for the first object: retried with backoff; the second cannot be redacted.
        proxies.failNext(Partner.STRIPE, flaky, 2, PartnerProxies.json(503, "{\"error\":{\"type\":\"api_error\","
                + "\"message\":\"An unknown error occurred\"}}", "Stripe-Should-Retry", "true"));
        ErasureOrdered billingEnd = billingEnds(subject);
        erasures.publish(billingEnd);
        ErasureConfirmed confirmed = awaitConfirmations(billingEnd.orderId(), 1).get(0);

        assertEquals(ErasureOutcome.FAILED, confirmed.outcome());
        PartnerTask retried = awaitTask(flaky, TaskState.DONE);
        assertEquals(TaskKind.REDACT, retried.kind);
        assertEquals(3, retried.attempts, "two 503s, then the redaction");
        assertEquals(503, retried.lastErrorStatus);
        assertEquals("[redacted]", sandbox.stripeBillingObject(flaky).get("customer_email"));

        PartnerTask dead = awaitTask(locked, TaskState.DEAD);
        assertEquals("partner-rejected", dead.deadReason);
        assertEquals("invalid_state", dead.lastErrorCode);
        assertEquals(1, dead.attempts, "Stripe's validation error is not retried");
        assertEquals("fail@example.com", sandbox.stripeBillingObject(locked).get("customer_email"));
        assertTrue(confirmed.notices().get(0).contains("1 of 3 objects at stripe could not be erased (reason codes: "
                + "partner-rejected;"), confirmed.notices().get(0));
        assertNull(record(records(subject), locked).get("erasedAt"));

        // An operator retries it once the object is fixed at Stripe: a new job (new key), confirmed again.
        sandbox.seedStripeBillingObject(locked, customer, Map.of("customer_email", "fail@example.com"));
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/tasks/" + dead.id + "/retry").then().statusCode(200);
        ErasureConfirmed again = awaitConfirmations(billingEnd.orderId(), 2).get(1);
        assertEquals(ErasureOutcome.ERASED, again.outcome());
        assertEquals("[redacted]", sandbox.stripeBillingObject(locked).get("customer_email"));
    }

    @Test
    void anObjectHeldByAnotherRedactionJobIsValidatedAgainAndRedactedOnceThatJobEnds() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String invoice = "in_" + unique();
        sandbox.seedStripeCustomer(customer, "held@example.com", "Held");
        sandbox.seedStripeBillingObject(invoice, customer, Map.of("customer_email", "held@example.com"));
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        eraseAtStripe(subject);
        // Someone else's job (e.g. started from the dashboard) holds the invoice: ready, not run.
        String other = stripe("POST", "/v1/privacy/redaction_jobs", "objects%5Binvoices%5D%5B%5D=" + invoice).getString("id");
        assertEquals("ready", stripe("GET", "/v1/privacy/redaction_jobs/" + other, "").getString("status"));

        ErasureOrdered billingEnd = billingEnds(subject);
        erasures.publish(billingEnd);
        await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(20)).until(() -> tasks(invoice).stream()
                .anyMatch(t -> "locked_by_other_job".equals(t.lastErrorCode) && t.state == TaskState.PENDING));
        assertTrue(sandbox.calls(Partner.STRIPE).stream().anyMatch(c -> c.path().endsWith("/validate")),
                "validated again once before giving the run up");
        assertEquals(List.of(), confirmationRecords(billingEnd.orderId()), "not confirmed while the object is held");

        assertEquals("canceled", stripe("POST", "/v1/privacy/redaction_jobs/" + other + "/cancel", "").getString("status"));
        ErasureConfirmed confirmed = awaitConfirmations(billingEnd.orderId(), 1).get(0);
        assertEquals(ErasureOutcome.ERASED, confirmed.outcome());
        assertEquals("[redacted]", sandbox.stripeBillingObject(invoice).get("customer_email"));
    }

    /** A call to the Stripe sandbox as someone else than partner-sync would make it. */
    private JsonPath stripe(String method, String path, String form) {
        return given().baseUri("http://127.0.0.1").port(sandbox.port(Partner.STRIPE)).basePath("")
                .auth().oauth2(PartnerSandboxResource.STRIPE_KEY)
                .contentType("application/x-www-form-urlencoded").body(form)
                .request(method, path).then().statusCode(200).extract().jsonPath();
    }

    /** A data-subject request's erasure, as request-service orders it (no scope). */
    private static ErasureOrdered wholeErasure(String subject, List<String> systems) {
        return new ErasureOrdered(UUID.randomUUID(), UUID.randomUUID(), subject, ErasureReason.DATA_SUBJECT_REQUEST,
                systems, List.of(), Instant.now());
    }

    /** The subject's whole erasure at Stripe, confirmed: its customer deleted, its billing records kept. */
    private void eraseAtStripe(String subject) {
        ErasureOrdered whole = wholeErasure(subject, List.of(Systems.STRIPE));
        erasures.publish(whole);
        awaitConfirmations(whole.orderId(), 1);
    }

    private static ErasureOrdered billingEnds(String subject) {
        return new ErasureOrdered(UUID.randomUUID(), null, subject, ErasureReason.RETENTION_EXPIRED,
                BILLING_END_SYSTEMS, List.of(), Instant.now(), new ErasureScope(List.of("billing"), List.of()));
    }

    private static JsonPath records(String subject) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject)
                .get("/processor-records").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> record(JsonPath records, String objectId) {
        return records.getMap("find { it.objectId == '" + objectId + "' }");
    }
}
