package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Http.STRIPE_KEY;
import static io.privacyplatform.sandbox.Http.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LatencyTest {

    static final Duration LATENCY = Duration.ofMillis(300);

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
    void everyAnswerOfThePartnerComesAfterTheLatencyAndTheOthersStayImmediate() {
        sandbox.seedStripeCustomer("cus_A", "ada@example.com", "Ada");
        sandbox.setLatency(Partner.STRIPE, LATENCY);
        assertEquals(LATENCY, sandbox.latency(Partner.STRIPE));
        assertEquals(Duration.ZERO, sandbox.latency(Partner.HUBSPOT));

        long started = System.nanoTime();
        Http.Response deleted = Http.delete(sandbox.stripeBaseUrl() + "/v1/customers/cus_A", "Authorization", STRIPE_KEY);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(200, deleted.status());
        assertTrue(took.compareTo(LATENCY) >= 0, "answered after " + took);

        sandbox.failNext(Partner.STRIPE, 1, Failure.SERVICE_UNAVAILABLE);
        started = System.nanoTime();
        assertEquals(503, Http.get(sandbox.stripeBaseUrl() + "/v1/customers/cus_A", "Authorization", STRIPE_KEY).status());
        took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(LATENCY) >= 0, "injected failure answered after " + took);

        started = System.nanoTime();
        assertEquals(404, Http.get(sandbox.hubspotBaseUrl() + "/crm/v3/objects/contacts/999", "Authorization", TOKEN).status());
        took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(LATENCY) < 0, "HubSpot has no latency, answered after " + took);
    }

    @Test
    void delayedAnswersAreServedConcurrently() throws Exception {
        sandbox.setLatency(LATENCY);
        int calls = 30;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            long started = System.nanoTime();
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String url = sandbox.openaiBaseUrl() + "/responses/resp_" + i;
                answers.add(pool.submit(() -> Http.get(url, "Authorization", TOKEN)));
            }
            for (Future<Http.Response> answer : answers) {
                assertEquals(404, answer.get().status());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // One after the other they would take 30 x 300 ms = 9 s.
            assertTrue(took.compareTo(LATENCY.multipliedBy(10)) < 0, calls + " concurrent calls took " + took);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(calls, sandbox.calls(Partner.OPENAI).size());
    }

    @Test
    void latencyOverHttpAndResetClearsIt() {
        String admin = sandbox.rootUrl(Partner.HUBSPOT) + "/__admin/sandbox";
        Http.Response set = Http.postJson(admin + "/latency", "{\"millis\":20}");
        assertEquals(200, set.status());
        assertEquals(20, ((Number) set.json().get("millis")).intValue());
        assertEquals(Duration.ofMillis(20), sandbox.latency(Partner.HUBSPOT));
        assertEquals(20, ((Number) Http.get(admin + "/latency").json().get("millis")).intValue());

        assertEquals(400, Http.postJson(admin + "/latency", "{\"millis\":-1}").status());
        assertEquals(400, Http.postJson(admin + "/latency", "{\"millis\":\"20\"}").status());
        assertEquals(400, Http.postJson(admin + "/latency", "{\"millis\":2.5}").status());
        assertEquals(Duration.ofMillis(20), sandbox.latency(Partner.HUBSPOT), "a rejected call changes nothing");

        assertEquals(200, Http.send("POST", admin + "/reset", null).status());
        assertEquals(Duration.ZERO, sandbox.latency(Partner.HUBSPOT));
        assertThrows(IllegalArgumentException.class, () -> sandbox.setLatency(Partner.OPENAI, Duration.ofMillis(-1)));
    }
}
