package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Failure;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.RecordedCall;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Limits: this service's own rate limiter keeps OpenAI under its configured rate without spending attempts; each
 * partner's 429 storm (with its own headers) is ridden out; a partner down for longer than the retry budget comes
 * back and every task still succeeds, because the open circuit breaker holds tasks back without counting attempts.
 */
@QuarkusTest
class RateLimitAndOutageTest extends ErasureTestBase {

    @Test
    void theLocalRateLimiterKeepsOpenAiUnderItsLimitWithoutSpendingAttempts() {
        int limit = ConfigProvider.getConfig().getValue("partners.openai.rate-limit.requests", Integer.class);
        String subject = "usr_" + unique();
        List<String> responses = openAiResponses(subject, 15);
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.OPENAI), List.of());
        erasures.publish(order);

        assertEquals(ErasureOutcome.ERASED, awaitConfirmations(order.orderId(), 1).get(0).outcome());
        for (String id : responses) {
            PartnerTask task = task(id);
            assertEquals("deleted", task.result);
            assertEquals(1, task.attempts, "waiting for a permit is not an attempt: " + id);
        }

        List<Instant> arrivals = proxies.arrivals(Partner.OPENAI).stream()
                .filter(a -> responses.stream().anyMatch(a::mentions))
                .map(PartnerProxies.Arrival::at).sorted().toList();
        assertEquals(30, arrivals.size(), "a delete and a read-back per response");
        // Evenly spaced permits, `limit` per second: `limit + 1` calls never arrive within 800 ms (200 ms of slack for
        // connection set-up and thread scheduling; without the limiter, all 30 arrive within a fraction of that).
        for (int i = 0; i + limit < arrivals.size(); i++) {
            Duration span = Duration.between(arrivals.get(i), arrivals.get(i + limit));
            assertTrue(span.toMillis() >= 800, (limit + 1) + " calls within " + span.toMillis() + " ms");
        }
        assertTrue(Duration.between(arrivals.get(0), arrivals.get(arrivals.size() - 1)).toMillis() >= 1800,
                "30 calls at " + limit + "/s take at least two windows");
    }

    @Test
    void a429StormAtEachPartnerIsRiddenOutWithThePartnersOwnHeaders() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        String completion = "chatcmpl-" + unique();
        sandbox.seedStripeCustomer(customer, "storm@example.com", "Storm");
        sandbox.seedHubSpotContact(contact, "storm@example.com");
        sandbox.seedOpenAiChatCompletion(completion, subject);
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        register(subject, Systems.OPENAI, "chat_completion", completion, "ai-assistant");
        // Each partner's documented 429: Stripe (Stripe-Should-Retry: true), HubSpot (TEN_SECONDLY_ROLLING +
        // X-HubSpot-RateLimit-* headers), OpenAI (rate_limit_exceeded + x-ratelimit-reset-requests).
        sandbox.failNext(Partner.STRIPE, 3, Failure.RATE_LIMITED);
        sandbox.failNext(Partner.HUBSPOT, 3, Failure.RATE_LIMITED);
        sandbox.failNext(Partner.OPENAI, 3, Failure.RATE_LIMITED);

        ErasureOrdered order = ErasureEvents.order(subject, PARTNERS, List.of());
        erasures.publish(order);

        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 3);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, of(confirmations, Systems.STRIPE).outcome());
        assertEquals(ErasureOutcome.ERASED, of(confirmations, Systems.HUBSPOT).outcome());
        assertEquals(ErasureOutcome.ERASED, of(confirmations, Systems.OPENAI).outcome());
        assertStormThenSuccess(Partner.STRIPE, customer, "rate_limit");
        assertStormThenSuccess(Partner.HUBSPOT, contact, "RATE_LIMIT");
        assertStormThenSuccess(Partner.OPENAI, completion, "rate_limit_exceeded");
        assertTrue(task(contact).lastError.contains("TEN_SECONDLY_ROLLING"), task(contact).lastError);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("partner_task_retries_total{kind=\"ERASE\",partner=\"openai\"}"));
    }

    private void assertStormThenSuccess(Partner partner, String objectId, String code) {
        // The query counts too: a Stripe erasure first lists the customer's billing objects (?customer=).
        List<RecordedCall> calls = sandbox.calls(partner).stream()
                .filter(c -> c.url().contains(objectId) || c.body().contains("\"" + objectId + "\"")).toList();
        assertEquals(List.of(429, 429, 429), calls.stream().limit(3).map(RecordedCall::status).toList(), describe(calls).toString());
        PartnerTask task = task(objectId);
        assertEquals(TaskState.DONE, task.state);
        assertEquals(4, task.attempts, "three rate-limited attempts, then the erasure");
        assertEquals(429, task.lastErrorStatus);
        assertEquals(code, task.lastErrorCode);
    }

    @Test
    void aPartnerDownForLongerThanTheRetryBudgetComesBackAndEveryTaskSucceeds() {
        int maxAttempts = ConfigProvider.getConfig().getValue("partner-sync.retry.max-attempts", Integer.class);
        Duration maxBackoff = ConfigProvider.getConfig().getValue("partner-sync.retry.max-backoff", Duration.class);
        // Without the circuit breaker's pauses, a task would spend its attempts in less than this (its backoffs add up
        // to at most 100 + 200 + 400 + 500 + 500 ms in %test).
        Duration outage = maxBackoff.multipliedBy(maxAttempts - 2);
        String subject = "usr_" + unique();
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = uniqueDigits();
            contacts.add(id);
            sandbox.seedHubSpotContact(id, "down" + i + "@example.com");
            register(subject, Systems.HUBSPOT, "contact", id, "crm-marketing");
        }
        Instant back = Instant.now().plus(outage);
        proxies.downUntil(Partner.HUBSPOT, back, PartnerProxies.htmlBadGateway());

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.HUBSPOT), List.of());
        erasures.publish(order);

        ErasureConfirmed hubspot = awaitConfirmations(order.orderId(), 1).get(0);
        assertEquals(ErasureOutcome.ERASED, hubspot.outcome(), hubspot.toString());
        assertTrue(Instant.now().isAfter(back));
        Set<Integer> attempts = contacts.stream().map(id -> task(id).attempts).collect(Collectors.toSet());
        assertTrue(attempts.stream().allMatch(a -> a >= 1 && a < maxAttempts), "attempts per task: " + attempts);
        long duringOutage = proxies.arrivals(Partner.HUBSPOT).stream()
                .filter(a -> a.at().isBefore(back) && contacts.stream().anyMatch(a::mentions))
                .count();
        assertTrue(duringOutage < (long) contacts.size() * (maxAttempts - 1),
                "the open circuit breaker spared the partner: " + duringOutage + " calls during the outage");
    }
}
