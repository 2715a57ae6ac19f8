package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.STRIPE_KEY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The failure window and the side-effect counts the soak test (issue 16, item 8) relies on. */
class FailureWindowAndSideEffectsTest {

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
    }

    @Test
    void aFailureWindowFailsAboutItsRateOfCallsInThePartnersShapeThenEnds() {
        sandbox.failRandomly(Partner.OPENAI, 0.3, Duration.ofMinutes(1),
                List.of(Failure.RATE_LIMITED, Failure.SERVER_ERROR, Failure.SERVICE_UNAVAILABLE));
        int failed = 0;
        for (int i = 0; i < 400; i++) {
            Http.Response response = Http.get(sandbox.openaiBaseUrl() + "/v1/responses/missing", "Authorization", "Bearer sk-x");
            if (response.status() != 404) {
                failed++;
                assertTrue(List.of(429, 500, 503).contains(response.status()), "status " + response.status());
                assertTrue(response.error().get("type") != null, "OpenAI's error shape: " + response.body());
            }
        }
        // 30 % of 400 is 120; 5 standard deviations (about 46) either side never fail a correct window.
        assertTrue(failed > 74 && failed < 166, failed + " of 400 failed");
        assertEquals(failed, sandbox.sideEffects(Partner.OPENAI).injectedFailureCount());

        sandbox.failRandomly(Partner.OPENAI, 1.0, Duration.ZERO, List.of(Failure.SERVER_ERROR));
        assertEquals(404, Http.get(sandbox.openaiBaseUrl() + "/v1/responses/missing", "Authorization", "Bearer sk-x").status(),
                "a window that has passed fails nothing");
    }

    @Test
    void aWindowRefusesAFailureThePartnerDoesNotHave() {
        assertThrows(IllegalArgumentException.class, () -> sandbox.failRandomly(Partner.HUBSPOT, 0.3, Duration.ofMinutes(1),
                List.of(Failure.IDEMPOTENCY_KEY_IN_USE)));
    }

    @Test
    void anObjectErasedOnceThenAlreadyGoneIsOneEffectiveErasureAndNoDuplicate() {
        sandbox.seedStripeCustomer("cus_1", "a@example.com", "A");
        sandbox.failNext(Partner.STRIPE, 1, Failure.SERVICE_UNAVAILABLE);
        String url = sandbox.stripeBaseUrl() + "/v1/customers/cus_1";
        assertEquals(503, Http.delete(url, "Authorization", STRIPE_KEY).status());
        assertEquals(200, Http.delete(url, "Authorization", STRIPE_KEY).status());
        assertEquals(404, Http.delete(url, "Authorization", STRIPE_KEY).status());

        SideEffects effects = sandbox.sideEffects(Partner.STRIPE);
        assertEquals(3, effects.erasingCalls());
        assertEquals(1, effects.effectiveErasures());
        assertEquals(1, effects.alreadyGone());
        assertEquals(Map.of(), effects.duplicateErasures());
        assertEquals(Map.of(503, 1L), effects.injectedFailures());
    }

    @Test
    void stripePostsAreCountedByKeyAndATwiceCreatedRedactionJobIsADuplicate() {
        sandbox.seedStripeCustomer("cus_2", "b@example.com", "B");
        sandbox.seedStripeBillingObject("in_2", "cus_2", Map.of("customer_email", "b@example.com"));
        String jobs = sandbox.stripeBaseUrl() + "/v1/privacy/redaction_jobs";
        String form = "objects[invoices][]=in_2";
        assertEquals(200, Http.postForm(jobs, form, "Authorization", STRIPE_KEY, "Idempotency-Key", "k1").status());
        // A retry with the same key is replayed: no second job.
        assertEquals(200, Http.postForm(jobs, form, "Authorization", STRIPE_KEY, "Idempotency-Key", "k1").status());
        assertEquals(Map.of(), sandbox.sideEffects(Partner.STRIPE).duplicateErasures());
        // A retry with a new key (or none) creates a second job: a duplicate side effect.
        Http.postForm(jobs, form, "Authorization", STRIPE_KEY);

        SideEffects effects = sandbox.sideEffects(Partner.STRIPE);
        assertEquals(3, effects.posts());
        assertEquals(1, effects.postsWithoutKey());
        assertEquals(1, effects.replayedPosts());
        assertEquals(0, effects.keyReusedOtherwise());
        assertEquals(Map.of("POST /v1/privacy/redaction_jobs " + form, 2), effects.duplicateErasures());

        Http.postForm(jobs, "objects[invoices][]=in_other", "Authorization", STRIPE_KEY, "Idempotency-Key", "k1");
        assertEquals(1, sandbox.sideEffects(Partner.STRIPE).keyReusedOtherwise());
        sandbox.reset();
        assertEquals(0, sandbox.sideEffects(Partner.STRIPE).posts());
    }
}
