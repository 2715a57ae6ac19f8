package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.STRIPE_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StripeContractTest {

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
    }

    @Test
    void baseUrlIsLoopbackRoot() {
        assertEquals("http://127.0.0.1:" + sandbox.port(Partner.STRIPE), base);
    }

    @Test
    void requiresSecretKeyBearerAuth() {
        Http.Response none = Http.get(base + "/v1/customers/cus_A");
        assertEquals(401, none.status());
        assertEquals("invalid_request_error", none.error().get("type"));
        assertTrue(((String) none.error().get("message")).contains("did not provide an API key"));

        Http.Response publishable = Http.get(base + "/v1/customers/cus_A", "Authorization", "Bearer pk_test_x");
        assertEquals(401, publishable.status());
        assertTrue(((String) publishable.error().get("message")).startsWith("Invalid API Key provided"));

        assertEquals(200, Http.get(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY).status());
    }

    @Test
    void deleteThenReadBackShowsDeletedAndRepeatIsResourceMissing() {
        Http.Response deleted = Http.delete(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY,
                "Stripe-Version", "2026-03-25.dahlia");
        assertEquals(200, deleted.status());
        assertEquals(Map.of("id", "cus_A", "object", "customer", "deleted", true), deleted.json());
        assertTrue(deleted.header("Request-Id").startsWith("req_"));
        assertEquals("2026-03-25.dahlia", deleted.header("Stripe-Version"));

        Http.Response readBack = Http.get(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY);
        assertEquals(200, readBack.status());
        assertEquals(Map.of("id", "cus_A", "object", "customer", "deleted", true), readBack.json());

        Http.Response again = Http.delete(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY);
        assertEquals(404, again.status());
        assertEquals("resource_missing", again.error().get("code"));
        assertEquals("invalid_request_error", again.error().get("type"));
        assertEquals("false", again.header("Stripe-Should-Retry"));

        assertTrue(Http.get(base + "/v1/customers?email=ada@example.com", "Authorization", STRIPE_KEY)
                .list("data").isEmpty(), "deleted customers are not listed");

        RecordedCall call = sandbox.calls(Partner.STRIPE).get(0);
        assertEquals("DELETE", call.method());
        assertEquals("/v1/customers/cus_A", call.path());
        assertEquals(STRIPE_KEY, call.header("authorization"));
        assertEquals("2026-03-25.dahlia", call.header("Stripe-Version"));
        assertEquals(200, call.status());
    }

    @Test
    void unknownCustomerIs404ResourceMissing() {
        Http.Response r = Http.get(base + "/v1/customers/cus_nope", "Authorization", STRIPE_KEY);
        assertEquals(404, r.status());
        assertEquals("resource_missing", r.error().get("code"));
        assertEquals("No such customer: 'cus_nope'", r.error().get("message"));
    }

    @Test
    void listFindsByExactCaseSensitiveEmailAndPaginates() {
        sandbox.seedStripeCustomer("cus_B", "ada@example.com", "Ada again");
        sandbox.seedStripeCustomer("cus_C", "ada@example.com", "Ada thrice");
        sandbox.seedStripeCustomer("cus_D", "other@example.com", "Other");

        assertTrue(Http.get(base + "/v1/customers?email=ADA@example.com", "Authorization", STRIPE_KEY)
                .list("data").isEmpty(), "email lookup is case-sensitive");

        Http.Response first = Http.get(base + "/v1/customers?email=ada%40example.com&limit=2",
                "Authorization", STRIPE_KEY);
        assertEquals(200, first.status());
        assertEquals("list", first.json().get("object"));
        assertEquals(true, first.json().get("has_more"));
        assertEquals(List.of("cus_C", "cus_B"), ids(first.list("data")), "newest first");

        Http.Response second = Http.get(base + "/v1/customers?email=ada%40example.com&limit=2&starting_after=cus_B",
                "Authorization", STRIPE_KEY);
        assertEquals(List.of("cus_A"), ids(second.list("data")));
        assertEquals(false, second.json().get("has_more"));

        assertEquals(400, Http.get(base + "/v1/customers?limit=101", "Authorization", STRIPE_KEY).status());
    }

    @Test
    void updateIsFormEncodedKeepsUnsentFieldsAndClearsEmptyOnes() {
        Http.Response r = Http.postForm(base + "/v1/customers/cus_A",
                "phone=%2B33600000000&address[city]=Paris&metadata[subject]=subj-1",
                "Authorization", STRIPE_KEY);
        assertEquals(200, r.status(), r.body());
        assertEquals("+33600000000", r.json().get("phone"));
        assertEquals("Ada", r.json().get("name"), "unsent field unchanged");
        assertEquals("Paris", ((Map<?, ?>) r.json().get("address")).get("city"));

        Http.Response cleared = Http.postForm(base + "/v1/customers/cus_A", "name=&phone=&address=",
                "Authorization", STRIPE_KEY);
        assertNull(cleared.json().get("name"));
        assertNull(cleared.json().get("phone"));
        assertNull(cleared.json().get("address"));
        assertEquals("ada@example.com", cleared.json().get("email"));
        assertEquals(Map.of("subject", "subj-1"), cleared.json().get("metadata"));

        Http.Response unknown = Http.postForm(base + "/v1/customers/cus_A", "nickname=x", "Authorization", STRIPE_KEY);
        assertEquals(400, unknown.status());
        assertEquals("parameter_unknown", unknown.error().get("code"));

        Http.Response json = Http.postJson(base + "/v1/customers/cus_A", "{\"name\":\"x\"}", "Authorization",
                STRIPE_KEY);
        assertEquals(400, json.status(), "Stripe takes form bodies, not JSON");
        assertNull(Http.get(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY).json().get("name"));
    }

    @Test
    void idempotencyKeyReplaysSameRequestAndRejectsDifferentParameters() {
        Http.Response first = Http.postForm(base + "/v1/customers/cus_A", "name=Ada+Lovelace",
                "Authorization", STRIPE_KEY, "Idempotency-Key", "key-1");
        assertEquals(200, first.status());
        sandbox.seedStripeCustomer("cus_A", "ada@example.com", "Changed meanwhile");

        Http.Response replay = Http.postForm(base + "/v1/customers/cus_A", "name=Ada+Lovelace",
                "Authorization", STRIPE_KEY, "Idempotency-Key", "key-1");
        assertEquals(200, replay.status());
        assertEquals(first.body(), replay.body(), "the saved response, not a new execution");
        assertEquals(first.header("Request-Id"), replay.header("Request-Id"));
        assertEquals("true", replay.header("Idempotent-Replayed"));
        assertEquals("Changed meanwhile",
                Http.get(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY).json().get("name"));

        Http.Response conflict = Http.postForm(base + "/v1/customers/cus_A", "name=Someone+else",
                "Authorization", STRIPE_KEY, "Idempotency-Key", "key-1");
        assertEquals(400, conflict.status());
        assertEquals("idempotency_error", conflict.error().get("type"));

        Http.Response otherKey = Http.postForm(base + "/v1/customers/cus_A", "name=Someone+else",
                "Authorization", STRIPE_KEY, "Idempotency-Key", "key-2");
        assertEquals(200, otherKey.status());
        assertNotEquals(first.header("Request-Id"), otherKey.header("Request-Id"));
        assertEquals("Someone else", otherKey.json().get("name"));
    }

    @Test
    void updatingADeletedCustomerIsResourceMissing() {
        Http.delete(base + "/v1/customers/cus_A", "Authorization", STRIPE_KEY);
        Http.Response r = Http.postForm(base + "/v1/customers/cus_A", "name=x", "Authorization", STRIPE_KEY);
        assertEquals(404, r.status());
        assertEquals("resource_missing", r.error().get("code"));
        assertFalse(sandbox.state(Partner.STRIPE).toString().contains("ada@example.com"),
                "no personal data left after deletion");
    }

    static List<Object> ids(List<Map<String, Object>> objects) {
        return objects.stream().map(o -> o.get("id")).toList();
    }
}
