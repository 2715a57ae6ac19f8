package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.consent.ConsentChanged;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partner tasks hold no thread while the partner answers (issue 16): a slow partner does not cap them at a number of
 * worker threads (the engine had 8 per partner for every kind but erasures before); only the partner's rate limit
 * paces them, and claims stop while calls already wait for permits.
 */
@QuarkusTest
class NonBlockingTasksTest extends ErasureTestBase {

    private static final Duration SLOW_ANSWER = Duration.ofSeconds(2);
    /** The worker threads each partner had for its blocking kinds before: tasks in flight must go beyond. */
    private static final int FORMER_THREADS = 8;
    private static final String CONSENT_CHANGED = Events.CONSENT_CHANGED.topic();

    @Inject
    PartnersConfig partners;

    @Inject
    TaskConfig tasks;

    @Test
    void erasuresAtASlowPartnerAreInFlightAtOnceBeyondTheFormerWorkerThreads() {
        String subject = "usr_" + unique();
        List<String> ids = slowHubSpotContacts(subject, 2 * FORMER_THREADS, SLOW_ANSWER);
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.HUBSPOT), List.of());
        erasures.publish(order);

        assertEquals(ErasureOutcome.ERASED, awaitConfirmations(order.orderId(), 1).get(0).outcome());
        for (String id : ids) {
            assertEquals("deleted", task(id).result, id);
        }
        List<Instant> deletes = arrivals(a -> a.url().endsWith("/gdpr-delete") && ids.stream().anyMatch(a::mentions));
        assertEquals(ids.size(), deletes.size(), "one gdpr-delete per contact");
        int atOnce = mostUnansweredAtOnce(deletes);
        assertTrue(atOnce > FORMER_THREADS, atOnce + " gdpr-deletes in flight at once at most");
    }

    @Test
    void unsubscribesAtASlowPartnerAreInFlightAtOnceBeyondTheFormerWorkerThreads() {
        String subject = "usr_" + unique();
        List<String> ids = slowHubSpotContacts(subject, 2 * FORMER_THREADS, SLOW_ANSWER);
        ConsentChanged withdrawal = new ConsentChanged(UUID.randomUUID(), subject, "marketing-email", false,
                "platform-settings", "1.0", Instant.now());
        kafka.sendCloudEvent(CONSENT_CHANGED, subject, Events.CONSENT_CHANGED.cloudEventType(), ErasureEvents.json(withdrawal));

        for (String id : ids) {
            PartnerTask task = awaitTask(id, TaskState.DONE);
            assertEquals(TaskKind.UNSUBSCRIBE, task.kind);
            assertEquals("unsubscribed", task.result, id);
        }
        // An unsubscribe reads the contact's address first (the call that answers slowly), then unsubscribes it.
        List<Instant> reads = arrivals(a -> a.method().equals("GET") && ids.stream().anyMatch(id -> a.url().contains("/contacts/" + id)));
        assertEquals(ids.size(), reads.size(), "one read per contact");
        int atOnce = mostUnansweredAtOnce(reads);
        assertTrue(atOnce > FORMER_THREADS, atOnce + " contact reads of unsubscribes in flight at once at most");
    }

    private List<Instant> arrivals(Predicate<PartnerProxies.Arrival> which) {
        return proxies.arrivals(Partner.HUBSPOT).stream().filter(which).map(PartnerProxies.Arrival::at).sorted().toList();
    }

    /**
     * Every call that arrived within SLOW_ANSWER of another was still unanswered when the later one arrived: the largest
     * such group is a lower bound of the calls in flight at once. Worker threads would cap it at their number.
     */
    private static int mostUnansweredAtOnce(List<Instant> arrivals) {
        int atOnce = 0;
        for (int first = 0; first < arrivals.size(); first++) {
            int last = first;
            while (last + 1 < arrivals.size()
                    && Duration.between(arrivals.get(first), arrivals.get(last + 1)).compareTo(SLOW_ANSWER) < 0) {
                last++;
            }
            atOnce = Math.max(atOnce, last - first + 1);
        }
        return atOnce;
    }

    @Test
    void erasuresAreNotClaimedFasterThanThePartnersRateLimitLetsThemRun() {
        // OpenAI is limited to a few calls per second in %test; an erasure of a response costs two calls.
        int perSecond = partners.limits(Systems.OPENAI).rateLimit().requests();
        int batch = tasks.worker().batchSize();
        int responses = 4 * perSecond;
        String subject = "usr_" + unique();
        List<String> ids = openAiResponses(subject, responses);
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
