package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.STRIPE_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The billing records a deleted customer leaves at Stripe, and their redaction jobs (public preview). */
class StripeRedactionContractTest {

    static PartnerSandbox sandbox;
    static String base;

    @BeforeAll
    static void start() {
        sandbox = PartnerSandbox.start();
        base = sandbox.stripeBaseUrl();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        sandbox.seedStripeCustomer("cus_A", "ada@example.com", "Ada");
        sandbox.seedStripeBillingObject("in_1", "cus_A", Map.of("customer_email", "ada@example.com",
                "customer_name", "Ada"));
        sandbox.seedStripeBillingObject("pi_1", "cus_A", Map.of("receipt_email", "ada@example.com"));
        sandbox.seedStripeBillingObject("ch_1", "cus_A", Map.of("billing_details.name", "Ada"), "pi_1", true);
        sandbox.seedStripeBillingObject("in_2", "cus_A", Map.of("customer_email", "ada@example.com"));
        sandbox.seedStripeBillingObject("in_9", "cus_B", Map.of("customer_email", "bo@example.com"));
    }

    @Test
    void billingRecordsStayAfterTheCustomerIsDeletedAndAreListedByCustomerWithPages() {
        assertEquals(200, Http.delete(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY).status());

        Http.Response first = Http.get(base + "/v1/invoices?customer=cus_A&limit=1", "Authorization", STRIPE_KEY);
        assertEquals(200, first.status());
        assertEquals("list", first.json().get("object"));
        assertEquals(List.of("in_2"), first.list("data").stream().map(o -> o.get("id")).toList(), "newest first");
        assertEquals(true, first.json().get("has_more"));
        Http.Response second = Http.get(base + "/v1/invoices?customer=cus_A&limit=1&starting_after=in_2",
                "Authorization", STRIPE_KEY);
        assertEquals(List.of("in_1"), second.list("data").stream().map(o -> o.get("id")).toList());
        assertEquals(false, second.json().get("has_more"));
        assertEquals("ada@example.com", second.list("data").get(0).get("customer_email"));

        Http.Response charges = Http.get(base + "/v1/charges?customer=cus_A", "Authorization", STRIPE_KEY);
        @SuppressWarnings("unchecked")
        Map<String, Object> billing = (Map<String, Object>) charges.list("data").get(0).get("billing_details");
        assertEquals("Ada", billing.get("name"));
        assertEquals(1, Http.get(base + "/v1/payment_intents?customer=cus_A", "Authorization", STRIPE_KEY)
                .list("data").size());

        Http.Response unknown = Http.get(base + "/v1/invoices?email=x", "Authorization", STRIPE_KEY);
        assertEquals(400, unknown.status());
        assertEquals("parameter_unknown", unknown.error().get("code"));
        Http.Response missing = Http.get(base + "/v1/charges/ch_nope", "Authorization", STRIPE_KEY);
        assertEquals(404, missing.status());
        assertEquals("resource_missing", missing.error().get("code"));
        assertEquals(401, Http.get(base + "/v1/invoices?customer=cus_A").status());
    }

    @Test
    void aJobValidatesOnRetrievalThenRunsAndRedactsTheObjectAndItsRelatedOnes() {
        Http.Response created = Http.postForm(base + "/v1/privacy/redaction_jobs",
                "objects[payment_intents][]=pi_1&validation_behavior=error", "Authorization", STRIPE_KEY,
                "Idempotency-Key", "k1");
        assertEquals(200, created.status());
        String job = (String) created.json().get("id");
        assertTrue(job.startsWith("prj_"));
        assertEquals("privacy.redaction_job", created.json().get("object"));
        assertEquals("validating", created.json().get("status"));
        assertEquals(job, Http.postForm(base + "/v1/privacy/redaction_jobs",
                "objects[payment_intents][]=pi_1&validation_behavior=error", "Authorization", STRIPE_KEY,
                "Idempotency-Key", "k1").json().get("id"), "the same key replays the same job");

        Http.Response early = Http.postForm(base + "/v1/privacy/redaction_jobs/" + job + "/run", "",
                "Authorization", STRIPE_KEY);
        assertEquals(400, early.status(), "only a ready job runs");
        assertEquals("ready", get(job).get("status"));
        assertEquals("redacting", Http.postForm(base + "/v1/privacy/redaction_jobs/" + job + "/run", "",
                "Authorization", STRIPE_KEY).json().get("status"));
        assertEquals("ada@example.com", sandbox.stripeBillingObject("pi_1").get("receipt_email"));
        assertEquals("succeeded", get(job).get("status"));

        assertEquals("[redacted]", sandbox.stripeBillingObject("pi_1").get("receipt_email"));
        @SuppressWarnings("unchecked")
        Map<String, Object> billing = (Map<String, Object>) sandbox.stripeBillingObject("ch_1").get("billing_details");
        assertEquals("[redacted]", billing.get("name"), "a payment intent's charges are redacted with it");
        assertEquals("ada@example.com", sandbox.stripeBillingObject("in_1").get("customer_email"));
        assertEquals("pi_1", sandbox.stripeBillingObject("pi_1").get("id"), "redacted, not deleted");
    }

    @Test
    void validationErrorsFailTheJobUntilResolvedAndValidatedAgain() {
        sandbox.seedStripeBillingObject("in_3", "cus_A", Map.of("customer_name", "Ada"), null, false);
        String job = (String) Http.postForm(base + "/v1/privacy/redaction_jobs",
                "objects[invoices][]=in_3", "Authorization", STRIPE_KEY).json().get("id");
        assertEquals("failed", get(job).get("status"));
        Http.Response errors = Http.get(base + "/v1/privacy/redaction_jobs/" + job + "/validation_errors",
                "Authorization", STRIPE_KEY);
        Map<String, Object> error = errors.list("data").get(0);
        assertEquals("invalid_state", error.get("code"));
        assertEquals(Map.of("id", "in_3", "object_type", "invoice"), error.get("erroring_object"));

        String other = (String) Http.postForm(base + "/v1/privacy/redaction_jobs", "objects[invoices][]=in_1",
                "Authorization", STRIPE_KEY).json().get("id");
        String locked = (String) Http.postForm(base + "/v1/privacy/redaction_jobs", "objects[invoices][]=in_1",
                "Authorization", STRIPE_KEY).json().get("id");
        assertEquals("ready", get(other).get("status"));
        assertEquals("failed", get(locked).get("status"));
        assertEquals("locked_by_other_job", Http.get(base + "/v1/privacy/redaction_jobs/" + locked
                + "/validation_errors", "Authorization", STRIPE_KEY).list("data").get(0).get("code"));
        assertEquals("canceled", Http.postForm(base + "/v1/privacy/redaction_jobs/" + other + "/cancel", "",
                "Authorization", STRIPE_KEY).json().get("status"));
        assertEquals("validating", Http.postForm(base + "/v1/privacy/redaction_jobs/" + locked + "/validate", "",
                "Authorization", STRIPE_KEY).json().get("status"));
        assertEquals("ready", get(locked).get("status"), "valid once the other job no longer holds the object");

        Http.Response tooMany = Http.postForm(base + "/v1/privacy/redaction_jobs", "objects[invoices][]=in_1&"
                + "objects[invoices][]=in_2&".repeat(10) + "objects[charges][]=ch_1", "Authorization", STRIPE_KEY);
        assertEquals("failed", get((String) tooMany.json().get("id")).get("status"));
        assertEquals(List.of("too_many_objects"), Http.get(base + "/v1/privacy/redaction_jobs/" + tooMany.json().get("id")
                + "/validation_errors", "Authorization", STRIPE_KEY).list("data").stream().map(e -> e.get("code")).toList());

        Http.Response none = Http.postForm(base + "/v1/privacy/redaction_jobs", "validation_behavior=error",
                "Authorization", STRIPE_KEY);
        assertEquals(400, none.status());
        assertEquals("parameter_missing", none.error().get("code"));
        assertEquals(404, Http.get(base + "/v1/privacy/redaction_jobs/prj_nope", "Authorization", STRIPE_KEY).status());
    }

    private static Map<String, Object> get(String job) {
        Http.Response r = Http.get(base + "/v1/privacy/redaction_jobs/" + job, "Authorization", STRIPE_KEY);
        assertEquals(200, r.status());
        return r.json();
    }
}
