package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.testkit.ErasureEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Erasures hold no thread while the partner answers (issue 16): a slow partner does not cap them at the lane's worker
 * threads ({@code partners.<p>.concurrency}); only the partner's rate limit paces them.
 */
@QuarkusTest
class NonBlockingErasureTest extends ErasureTestBase {

    private static final Duration SLOW_ANSWER = Duration.ofSeconds(2);

    @Inject
    PartnersConfig partners;

    @Inject
    TaskConfig tasks;

    @Test
    void erasuresAtASlowPartnerAreInFlightAtOnceBeyondTheWorkerThreads() {
        int threads = partners.limits(Systems.HUBSPOT).concurrency();
        int contacts = 2 * threads;
        String subject = "usr_" + unique();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contacts; i++) {
            String contact = uniqueDigits();
            ids.add(contact);
            sandbox.seedHubSpotContact(contact, "slow" + i + "@example.com");
            register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
            // The gdpr-delete reaches the sandbox (the contact is really deleted) but its answer comes 2 s later.
            proxies.failNext(Partner.HUBSPOT, contact, 1,
                    aResponse().proxiedFrom(sandbox.rootUrl(Partner.HUBSPOT)).withFixedDelay((int) SLOW_ANSWER.toMillis()));
        }
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.HUBSPOT), List.of());
        erasures.publish(order);

        assertEquals(ErasureOutcome.ERASED, awaitConfirmations(order.orderId(), 1).get(0).outcome());
        for (String id : ids) {
            assertEquals("deleted", task(id).result, id);
        }

        List<Instant> deletes = proxies.arrivals(Partner.HUBSPOT).stream()
                .filter(a -> a.url().endsWith("/gdpr-delete") && ids.stream().anyMatch(a::mentions))
                .map(PartnerProxies.Arrival::at).sorted().toList();
        assertEquals(contacts, deletes.size(), "one gdpr-delete per contact");
        // Every call that arrived within SLOW_ANSWER of another was still unanswered when the later one arrived: the
        // largest such group is a lower bound of the calls in flight at once. Worker threads would cap it at `threads`.
        int atOnce = 0;
        for (int first = 0; first < deletes.size(); first++) {
            int last = first;
            while (last + 1 < deletes.size() && Duration.between(deletes.get(first), deletes.get(last + 1)).compareTo(SLOW_ANSWER) < 0) {
                last++;
            }
            atOnce = Math.max(atOnce, last - first + 1);
        }
        assertTrue(atOnce > threads, atOnce + " gdpr-deletes in flight at once at most, with " + threads + " worker threads");
    }

    @Test
    void erasuresAreNotClaimedFasterThanThePartnersRateLimitLetsThemRun() {
        // OpenAI is limited to a few calls per second in %test; an erasure of a response costs two calls.
        int perSecond = partners.limits(Systems.OPENAI).rateLimit().requests();
        int batch = tasks.worker().batchSize();
        int responses = 4 * perSecond;
        String subject = "usr_" + unique();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < responses; i++) {
            String id = "resp_" + unique();
            ids.add(id);
            sandbox.seedOpenAiObject("response", id);
            register(subject, Systems.OPENAI, "response", id, "ai-assistant");
        }
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.OPENAI), List.of());
        erasures.publish(order);

        // While the calls of the claimed erasures wait more than a second for permits, no more are claimed: one claim
        // (a batch) and what a second of permits frees, never the whole order at once.
        AtomicInteger mostInFlight = new AtomicInteger();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            long inFlight = QuarkusTransaction.requiringNew().call(() ->
                    PartnerTask.count("objectId in ?1 and state = ?2", ids, TaskState.IN_FLIGHT));
            mostInFlight.accumulateAndGet((int) inFlight, Math::max);
            return QuarkusTransaction.requiringNew().call(() ->
                    PartnerTask.count("objectId in ?1 and state = ?2", ids, TaskState.DONE)) == responses;
        });
        assertEquals(ErasureOutcome.ERASED, awaitConfirmations(order.orderId(), 1).get(0).outcome());
        assertTrue(mostInFlight.get() > 0, "the erasures were seen in flight");
        assertTrue(mostInFlight.get() <= batch + perSecond, mostInFlight.get() + " of " + responses
                + " erasures claimed at once at " + perSecond + " calls/s (a batch is " + batch + ")");
    }
}
