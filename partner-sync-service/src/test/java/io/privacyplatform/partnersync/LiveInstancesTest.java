package io.privacyplatform.partnersync;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.service.LiveInstances;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The partners' rate limits are shared by the live instances of partner-sync, counted in {@code partner_sync_instance}
 * by the database clock: a second live instance halves this one's share of every partner, and its share comes back
 * once that instance is silent for {@code partners.instances.expiry}; a stale row is deleted, never counted.
 */
@QuarkusTest
class LiveInstancesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry registry;

    @Inject
    PartnerConnectors connectors;

    @Inject
    LiveInstances liveInstances;

    private final String otherInstance = "test-" + UUID.randomUUID();

    @AfterEach
    void forgetTheOtherInstance() {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("delete from partner_sync_instance where instance_id = ?1")
                .setParameter(1, otherInstance).executeUpdate());
    }

    @Test
    void aSecondLiveInstanceHalvesEveryPartnersShareUntilItFallsSilent() {
        Map<String, Double> configured = configuredPerSecond();
        await().atMost(WAIT).until(() -> liveInstances.count() == 1);
        assertEquals(configured, sharesPerSecond(), "this instance alone has every partner's whole limit");

        refresh(otherInstance); // a live instance: its row is kept fresh while the test waits
        Map<String, Double> halved = new LinkedHashMap<>();
        configured.forEach((partner, perSecond) -> halved.put(partner, Math.floor(perSecond / 2)));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
            refresh(otherInstance);
            return sharesPerSecond().equals(halved);
        });
        assertEquals(2, liveInstances.count());

        // Silent from now on: after the expiry its row is deleted and the whole limit comes back.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> sharesPerSecond().equals(configured));
        assertEquals(1, liveInstances.count());
        assertEquals(0, rows(otherInstance), "the silent instance's row is deleted");
    }

    @Test
    void aStaleRowIsDeletedAndNeverCounted() {
        Map<String, Double> configured = configuredPerSecond();
        await().atMost(WAIT).until(() -> liveInstances.count() == 1);
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("insert into partner_sync_instance (instance_id, seen_at) values (?1, now() - interval '1 hour')")
                .setParameter(1, otherInstance).executeUpdate());

        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
            // Checked at every poll: the stale instance never takes a share, even for one heartbeat.
            assertEquals(configured, sharesPerSecond());
            assertEquals(1, liveInstances.count());
            return rows(otherInstance) == 0;
        });
    }

    /** The configured requests per second of every partner served (%test: window 1 s). */
    private Map<String, Double> configuredPerSecond() {
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (String partner : connectors.names()) {
            int requests = ConfigProvider.getConfig().getValue("partners." + partner + ".rate-limit.requests", Integer.class);
            Duration window = ConfigProvider.getConfig().getValue("partners." + partner + ".rate-limit.window", Duration.class);
            assertEquals(Duration.ofSeconds(1), window, "this test expects per-second limits");
            perSecond.put(partner, (double) requests);
        }
        return perSecond;
    }

    /** The gauge partner.rate.limit.share of every partner served. */
    private Map<String, Double> sharesPerSecond() {
        Map<String, Double> perSecond = new LinkedHashMap<>();
        for (String partner : connectors.names()) {
            perSecond.put(partner, registry.get("partner.rate.limit.share").tag("partner", partner).gauge().value());
        }
        return perSecond;
    }

    private void refresh(String instanceId) {
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        insert into partner_sync_instance (instance_id, seen_at) values (?1, now())
                        on conflict (instance_id) do update set seen_at = excluded.seen_at""")
                .setParameter(1, instanceId).executeUpdate());
    }

    private long rows(String instanceId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("select count(*) from partner_sync_instance where instance_id = ?1")
                .setParameter(1, instanceId).getSingleResult()).longValue());
    }
}
