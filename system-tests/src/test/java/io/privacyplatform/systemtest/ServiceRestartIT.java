package io.privacyplatform.systemtest;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service restarted, cleanly (SIGTERM), with SIGKILL, or as in a rollout (a clean stop, then a new instance under
 * another name, whose static members are new: the old ones must have left their groups), consumes the first event published once it is ready soon
 * after, instead of waiting for its consumer group to rebalance (issue 16, item 5; platform-support README,
 * "Consumer groups and restarts"). The time from the order's publication to the service's confirmation on Kafka
 * (both broker timestamps of the same machine) is printed; the assertion only bounds it well below the ~16 s of a
 * full rebalance, since this runs on loaded 2-core CI machines (the benchmark suite reports the figure).
 * <p>
 * consent-service has four channels in one group; retention-service three groups on {@code erasure-ordered}
 * (its own data, the datastores, the order tracking) and more on other topics.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class ServiceRestartIT {

    /** Far below a rebalance that waits for the old members (session timeout 45 s) or for every channel in turn. */
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Duration WARM_UP = Duration.ofSeconds(120);

    private static LocalPlatform platform;
    private static KafkaTestClient kafka;
    private static ErasureEvents erasures;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
        kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
        erasures = new ErasureEvents(kafka, WARM_UP);
    }

    @AfterAll
    static void closeClient() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest(name = "{0} after a {2} restart")
    @CsvSource({
            "consent-service, consent, clean",
            "consent-service, consent, SIGKILL",
            "retention-service, retention, clean",
            "retention-service, retention, SIGKILL",
            "consent-service, consent, rollout",
            "retention-service, retention, rollout"})
    void theFirstEventAfterARestartIsConsumedSoon(String service, String system, String restart) throws Exception {
        // The group is settled and the service consumes before the restart.
        long before = firstEventConsumedMillis(system, WARM_UP);
        assertTrue(before >= 0);

        ServiceProcess old = platform.service(service);
        long stopBegan = System.nanoTime();
        ProcessHandle handle = ProcessHandle.of(old.pid()).orElseThrow();
        if (restart.equals("SIGKILL")) {
            assertTrue(handle.destroyForcibly(), "SIGKILL sent");
        } else {
            old.stop();
        }
        handle.onExit().get(60, TimeUnit.SECONDS);
        assertFalse(handle.isAlive());
        long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopBegan);
        if (!restart.equals("SIGKILL")) {
            // A clean stop takes the static members out of their groups (StaticMembersRelease): no partition waits
            // for the session timeout, whoever comes next.
            assertEquals(List.of(), staticMembersOf(service), service + "'s static members after a clean stop");
        }
        // A rollout: a clean stop, then an instance under another name (a new pod), whose static members are new.
        ServiceProcess restarted = restart.equals("rollout")
                ? platform.restart(service, Map.of("platform.kafka.instance-id", service + "-" + UUID.randomUUID()))
                : platform.restart(service);
        assertNotEquals(old.pid(), restarted.pid());

        long consumedMillis = firstEventConsumedMillis(system, Duration.ofSeconds(120));
        System.out.printf("[restart] %s, %s restart: first event consumed %d ms after the service was ready"
                        + " (stop %d ms, start to ready %d ms; %d ms before the restart)%n",
                service, restart, consumedMillis, stopMillis, restarted.startupTime().toMillis(), before);
        assertTrue(consumedMillis < BOUND.toMillis(), service + " after a " + restart + " restart took "
                + consumedMillis + " ms to consume its first event (bound " + BOUND.toMillis() + " ms)");
    }

    /** The static members of every consumer group whose instance id is that of {@code service}'s current process. */
    private static List<String> staticMembersOf(String service) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.kafka().bootstrapServers()))) {
            List<String> groups = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .map(ConsumerGroupListing::groupId).toList();
            return admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(group -> group.members().stream())
                    .map(member -> member.groupInstanceId().orElse(""))
                    .filter(id -> id.startsWith(service + "."))
                    .sorted().toList();
        }
    }

    /**
     * Publishes an erasure order expecting only {@code system} and returns the milliseconds from its broker timestamp
     * to that of the system's confirmation.
     */
    private static long firstEventConsumedMillis(String system, Duration timeout) {
        ErasureOrdered order = ErasureEvents.order("usr-restart-" + UUID.randomUUID(), List.of(system), List.of());
        RecordMetadata published = erasures.publish(order);
        ConsumerRecord<String, String> confirmation = kafka.awaitRecord(Events.ERASURE_CONFIRMED.topic(),
                ErasureEvents.confirmationOf(order, system), timeout);
        return confirmation.timestamp() - published.timestamp();
    }
}
