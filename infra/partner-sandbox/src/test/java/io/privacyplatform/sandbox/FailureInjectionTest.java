package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.STRIPE_KEY;
import static io.privacyplatform.sandbox.Http.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailureInjectionTest {

    static PartnerSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = PartnerSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void reset() {
        sandbox.reset();
        sandbox.seedStripeCustomer("cus_A", "ada@example.com", "Ada");
        sandbox.seedHubSpotContact("101", "ada@example.com");
        sandbox.seedOpenAiObject("response", "resp_1");
    }

    @Test
    void stripeRateLimitedThenUnavailableThenDeletes() {
        sandbox.failNext(Partner.STRIPE, 1, Failure.RATE_LIMITED);
        sandbox.failNext(Partner.STRIPE, 1, Failure.SERVICE_UNAVAILABLE);
        String url = sandbox.stripeBaseUrl() + "/v1/customers/cus_A";

        Http.Response limited = Http.delete(url, "Authorization", STRIPE_KEY);
        assertEquals(429, limited.status());
        assertEquals("rate_limit", limited.error().get("code"));
        assertEquals("true", limited.header("Stripe-Should-Retry"));

        Http.Response unavailable = Http.delete(url, "Authorization", STRIPE_KEY);
        assertEquals(503, unavailable.status());
        assertEquals("api_error", unavailable.error().get("type"));
        assertEquals("true", unavailable.header("Stripe-Should-Retry"));

        Http.Response ok = Http.delete(url, "Authorization", STRIPE_KEY);
        assertEquals(200, ok.status());
        assertEquals(true, ok.json().get("deleted"));

        assertEquals(List.of(429, 503, 200),
                sandbox.calls(Partner.STRIPE).stream().map(RecordedCall::status).toList());
    }

    @Test
    void injectedFailuresAreNotSavedUnderTheIdempotencyKey() {
        sandbox.failNext(Partner.STRIPE, 1, Failure.IDEMPOTENCY_KEY_IN_USE);
        String url = sandbox.stripeBaseUrl() + "/v1/customers/cus_A";
        Http.Response inUse = Http.postForm(url, "name=Ada+L", "Authorization", STRIPE_KEY, "Idempotency-Key", "k");
        assertEquals(409, inUse.status());
        assertEquals("idempotency_key_in_use", inUse.error().get("code"));
        Http.Response retried = Http.postForm(url, "name=Ada+L", "Authorization", STRIPE_KEY, "Idempotency-Key", "k");
        assertEquals(200, retried.status());
        assertNull(retried.header("Idempotent-Replayed"));
    }

    @Test
    void hubSpotRateLimitHasPolicyBodyAndHeaders() {
        sandbox.failNext(Partner.HUBSPOT, 2, Failure.RATE_LIMITED);
        String url = sandbox.hubspotBaseUrl() + "/crm/v3/objects/contacts/101";

        Http.Response limited = Http.get(url, "Authorization", TOKEN);
        assertEquals(429, limited.status());
        assertEquals("error", limited.json().get("status"));
        assertEquals("RATE_LIMIT", limited.json().get("errorType"));
        assertEquals("TEN_SECONDLY_ROLLING", limited.json().get("policyName"));
        assertEquals("0", limited.header("X-HubSpot-RateLimit-Remaining"));
        assertEquals("190", limited.header("X-HubSpot-RateLimit-Max"));
        assertEquals("10000", limited.header("X-HubSpot-RateLimit-Interval-Milliseconds"));
        assertNotNull(limited.header("X-HubSpot-RateLimit-Daily"));
        assertNotNull(limited.header("X-HubSpot-RateLimit-Daily-Remaining"));

        Http.Response search = Http.postJson(sandbox.hubspotBaseUrl() + "/crm/v3/objects/contacts/search", "{}",
                "Authorization", TOKEN);
        assertEquals(429, search.status());
        assertEquals("SECONDLY", search.json().get("policyName"));
        assertNull(search.header("X-HubSpot-RateLimit-Max"), "search has no rate-limit headers");

        assertEquals(200, Http.get(url, "Authorization", TOKEN).status());
    }

    @Test
    void openAiRateLimitAndInsufficientQuotaAreDistinguishable() {
        sandbox.failNext(Partner.OPENAI, 1, Failure.RATE_LIMITED);
        sandbox.failNext(Partner.OPENAI, 1, Failure.INSUFFICIENT_QUOTA);
        sandbox.failNext(Partner.OPENAI, 1, Failure.SERVER_ERROR);
        String url = sandbox.openaiBaseUrl() + "/responses/resp_1";

        Http.Response limited = Http.delete(url, "Authorization", TOKEN);
        assertEquals(429, limited.status());
        assertEquals("requests", limited.error().get("type"));
        assertEquals("rate_limit_exceeded", limited.error().get("code"));
        assertEquals("0", limited.header("x-ratelimit-remaining-requests"));
        assertEquals("1s", limited.header("x-ratelimit-reset-requests"));

        Http.Response quota = Http.delete(url, "Authorization", TOKEN);
        assertEquals(429, quota.status());
        assertEquals("insufficient_quota", quota.error().get("type"));
        assertEquals("insufficient_quota", quota.error().get("code"));

        Http.Response error = Http.delete(url, "Authorization", TOKEN);
        assertEquals(500, error.status());
        assertEquals("server_error", error.error().get("type"));

        assertEquals(200, Http.delete(url, "Authorization", TOKEN).status());
        assertEquals(404, Http.delete(url, "Authorization", TOKEN).status());
    }

    @Test
    void connectionResetGivesNoResponse() {
        sandbox.failNext(Partner.OPENAI, 1, Failure.CONNECTION_RESET);
        String url = sandbox.openaiBaseUrl() + "/responses/resp_1";
        assertThrows(UncheckedIOException.class, () -> Http.get(url, "Authorization", TOKEN));
        assertEquals(200, Http.get(url, "Authorization", TOKEN).status());
        assertEquals(0, sandbox.calls(Partner.OPENAI).get(0).status());
    }

    @Test
    void failuresAPartnerDoesNotHaveAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> sandbox.failNext(Partner.STRIPE, 1, Failure.INSUFFICIENT_QUOTA));
        assertThrows(IllegalArgumentException.class,
                () -> sandbox.failNext(Partner.OPENAI, 1, Failure.IDEMPOTENCY_KEY_IN_USE));
        assertThrows(IllegalArgumentException.class, () -> sandbox.failNext(Partner.HUBSPOT, 0, Failure.SERVER_ERROR));
    }

    @Test
    void resetDropsPendingFailuresStateAndCalls() {
        sandbox.failNext(Partner.STRIPE, 5, Failure.SERVER_ERROR);
        Http.get(sandbox.stripeBaseUrl() + "/v1/customers/cus_A", "Authorization", STRIPE_KEY);
        sandbox.reset();
        assertTrue(sandbox.calls(Partner.STRIPE).isEmpty());
        Http.Response r = Http.get(sandbox.stripeBaseUrl() + "/v1/customers/cus_A", "Authorization", STRIPE_KEY);
        assertEquals(404, r.status(), "no failure left, and the seeded customer is gone");
    }

    @Test
    void httpAdminInterfaceInjectsFailuresAndSeeds() {
        String admin = sandbox.rootUrl(Partner.HUBSPOT) + "/__admin/sandbox";
        Http.Response queued = Http.postJson(admin + "/fail", "{\"times\":2,\"status\":503}");
        assertEquals(200, queued.status(), queued.body());
        Http.Response seeded = Http.postJson(admin + "/seed", "{\"id\":\"555\",\"email\":\"eve@example.com\"}");
        assertEquals(200, seeded.status(), seeded.body());

        String url = sandbox.hubspotBaseUrl() + "/crm/v3/objects/contacts/555";
        assertEquals(503, Http.get(url, "Authorization", TOKEN).status());
        assertEquals(503, Http.get(url, "Authorization", TOKEN).status());
        assertEquals(200, Http.get(url, "Authorization", TOKEN).status());

        assertEquals(200, Http.postJson(admin + "/fail", "{\"times\":1,\"failure\":\"rate_limited\"}").status());
        assertEquals(429, Http.get(url, "Authorization", TOKEN).status());

        assertEquals(400, Http.postJson(admin + "/fail", "{\"times\":1,\"status\":418}").status());
        assertEquals(400, Http.postJson(admin + "/fail", "{\"times\":1,\"failure\":\"INSUFFICIENT_QUOTA\"}").status());

        Http.Response calls = Http.get(admin + "/calls");
        assertEquals(4, calls.list("calls").size(), "admin calls are not recorded");
        assertEquals(200, Http.send("POST", admin + "/reset", null).status());
        assertEquals(404, Http.get(url, "Authorization", TOKEN).status());
    }

    @Test
    void fixedPortClashFailsWithoutLeavingServersRunning() {
        int taken = sandbox.port(Partner.OPENAI);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PartnerSandbox.start(0, 0, taken));
        assertTrue(e.getMessage().contains("openai=" + taken));
    }
}
