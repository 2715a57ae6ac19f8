package io.privacyplatform.systemtest;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL stopped for {@value #OUTAGE_SECONDS} s under the four packaged services while restriction and lift orders
 * and erasure orders arrive (partner-sync takes the erasure orders a poll at a time, {@code IncomingEvents.applyBatch}) (the consumers of {@code restriction-changed} in consent-, retention- and partner-sync-service, and
 * request-service's of {@code order-confirmed}): nothing valid is dead-lettered, every order is applied once the database
 * is back, each subject's orders in the order they were placed (consent and retention confirm them in that order), while
 * a malformed record and an invalid one are still dead-lettered. During the outage consent-service is stopped while its
 * consumer waits: it exits within its grace period, and its record, left unacknowledged, is applied by the next instance.
 */
@Order(SharedPlatform.Profile.QUICK_RECOVERY_ORDER)
class DatabaseOutageIT {

    static final int OUTAGE_SECONDS = 30;
    private static final int SUBJECTS = 10;
    private static final int ORDERS_PER_SUBJECT = 3;
    private static final int ERASURES = 5;
    private static final List<String> ERASED_BY = List.of(Systems.CONSENT, Systems.RETENTION, Systems.STRIPE,
            Systems.HUBSPOT, Systems.OPENAI);
    /** Kubernetes' terminationGracePeriodSeconds of every service (deploy/k8s). */
    private static final Duration GRACE_PERIOD = Duration.ofSeconds(30);
    private static final Pattern RETRIES = Pattern.compile(
            "platform_consumer_retries_total\\{[^}]*consumer=\"consent-service/restriction-changed\"[^}]*} ([0-9.E]+)");

    private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static LocalPlatform platform;
    private static KafkaTestClient kafka;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.QUICK_RECOVERY);
        kafka = new KafkaTestClient(platform.kafka().bootstrapServers());
    }

    @AfterAll
    static void closeKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void ordersArrivingWhilePostgresIsDownAreAllAppliedAfterInOrderAndNoneDeadLettered() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, List<UUID>> ordersOf = new LinkedHashMap<>();
        for (int i = 0; i < SUBJECTS; i++) {
            ordersOf.put("usr-outage-" + run + "-" + i, new ArrayList<>());
        }
        List<ErasureOrdered> erasureOrders = new ArrayList<>();
        String malformedKey = "outage-malformed-" + run;
        String invalidSubject = "not a subject id " + run;

        // Every consumer group settled and consuming before the outage (a platform just started may still be joining).
        Instant settling = Instant.now();
        ErasureEvents erasures = new ErasureEvents(kafka, Duration.ofSeconds(120));
        ErasureOrdered warmUp = ErasureEvents.order("usr-outage-warm-up-" + run, ERASED_BY, List.of());
        erasures.publish(warmUp);
        UUID warmUpRestriction = UUID.randomUUID();
        publish(warmUp.subjectId(), new RestrictionChanged(UUID.randomUUID(), warmUp.subjectId(), true,
                RestrictionReason.ACCURACY_CONTESTED, List.of(Systems.CONSENT, Systems.RETENTION), Instant.now(),
                warmUpRestriction));
        ERASED_BY.forEach(system -> erasures.awaitConfirmation(warmUp, system));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                kafka.readAll(Events.ORDER_CONFIRMED.topic()).stream().filter(r -> warmUp.subjectId().equals(r.key()))
                        .count() >= 2);
        System.out.printf("[outage] consumers settled %d ms after the test began%n",
                Duration.between(settling, Instant.now()).toMillis());

        platform.postgres().stop();
        Instant down = Instant.now();
        try {
            // Restrict, lift, restrict again: applied out of order, a subject would end up lifted.
            for (int n = 0; n < ORDERS_PER_SUBJECT; n++) {
                for (Map.Entry<String, List<UUID>> subject : ordersOf.entrySet()) {
                    UUID orderId = UUID.randomUUID();
                    subject.getValue().add(orderId);
                    publish(subject.getKey(), new RestrictionChanged(UUID.randomUUID(), subject.getKey(), n % 2 == 0,
                            RestrictionReason.ACCURACY_CONTESTED, List.of(Systems.CONSENT, Systems.RETENTION),
                            Instant.now(), orderId));
                }
            }
            for (int i = 0; i < ERASURES; i++) {
                ErasureOrdered order = ErasureEvents.order("usr-outage-erasure-" + run + "-" + i, ERASED_BY, List.of());
                erasureOrders.add(order);
                erasures.publish(order);
            }
            // Not JSON: every consumer of the topic dead-letters it without reaching the database.
            kafka.send(Events.RESTRICTION_CHANGED.topic(), malformedKey, "{not json", KafkaTestClient.cloudEventHeaders(
                    UUID.randomUUID().toString(), Events.RESTRICTION_CHANGED.cloudEventType(), malformedKey));
            // Valid JSON, but a subject id no datastore could hold: retention refuses it once it can look (dead letter).
            publish(invalidSubject, new RestrictionChanged(UUID.randomUUID(), invalidSubject, true,
                    RestrictionReason.ACCURACY_CONTESTED, List.of(Systems.RETENTION), Instant.now(), UUID.randomUUID()));

            // consent-service stopped while its consumer waits for the database.
            await().atMost(Duration.ofSeconds(OUTAGE_SECONDS - 5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> retriesOfConsent() > 0);
            ServiceProcess consent = platform.service("consent-service");
            int logBefore = logOf(consent).length();
            Instant stopping = Instant.now();
            consent.stop();
            Duration stopped = Duration.between(stopping, Instant.now());
            System.out.printf("[outage] consent-service stopped in %d ms while its consumer waited for PostgreSQL%n",
                    stopped.toMillis());
            await().atMost(Duration.ofSeconds(5)).until(() -> !consent.isRunning());
            assertTrue(stopped.compareTo(GRACE_PERIOD) < 0, "stopped in " + stopped);
            // A clean stop (not the launcher's SIGKILL), its records left unacknowledged, none dead-lettered (the
            // dead-letter topics are checked below).
            String shutdownLog = logOf(consent).substring(logBefore);
            assertTrue(shutdownLog.contains("consent-service stopped in"), "Quarkus stopped consent-service cleanly");
            assertTrue(shutdownLog.contains("given up at shutdown"), "consent-service gave up its record at shutdown");
            assertFalse(shutdownLog.contains("dead letter topic"), "consent-service dead-lettered nothing at shutdown");

            // The rest of the outage.
            await().atMost(Duration.ofSeconds(OUTAGE_SECONDS + 5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> Duration.between(down, Instant.now()).getSeconds() >= OUTAGE_SECONDS);
        } finally {
            platform.postgres().restart();
        }
        Instant up = Instant.now();
        System.out.printf("[outage] PostgreSQL down for %d s%n", Duration.between(down, up).toSeconds());
        platform.restart("consent-service");

        // Every order applied, each subject's in the order placed, by each system it expects.
        Map<String, Map<String, List<UUID>>> confirmed = new TreeMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            confirmed.clear();
            for (ConsumerRecord<String, String> record : kafka.readAll(Events.ORDER_CONFIRMED.topic())) {
                if (ordersOf.containsKey(record.key())) {
                    OrderConfirmed confirmation = JSON.readValue(record.value(), OrderConfirmed.class);
                    List<UUID> seen = confirmed.computeIfAbsent(confirmation.system(), s -> new TreeMap<>())
                            .computeIfAbsent(record.key(), k -> new ArrayList<>());
                    if (!seen.contains(confirmation.orderId())) {
                        seen.add(confirmation.orderId());
                    }
                }
            }
            for (String system : List.of(Systems.CONSENT, Systems.RETENTION)) {
                assertEquals(ordersOf, confirmed.getOrDefault(system, Map.of()), "confirmed by " + system);
            }
        });
        System.out.printf("[outage] %d orders confirmed by consent and retention, in order, %d ms after PostgreSQL came back%n",
                SUBJECTS * ORDERS_PER_SUBJECT, Duration.between(up, Instant.now()).toMillis());

        // Every erasure order confirmed by every system it expects (partner-sync: NOTHING_HELD, no records held).
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<ConsumerRecord<String, String>> confirmations = kafka.readAll(Events.ERASURE_CONFIRMED.topic());
            for (ErasureOrdered order : erasureOrders) {
                for (String system : ERASED_BY) {
                    assertTrue(confirmations.stream().anyMatch(ErasureEvents.confirmationOf(order, system)),
                            "erasure order " + order.orderId() + " confirmed by " + system);
                }
            }
        });
        System.out.printf("[outage] %d erasure orders confirmed by %s%n", ERASURES, ERASED_BY);

        // Dead letters: the malformed record (three consumers) and the invalid one (retention), nothing else.
        Map<String, List<String>> expected = Map.of(
                "consent-service", List.of(malformedKey),
                "retention-service", List.of(invalidSubject, malformedKey),
                "partner-sync-service", List.of(malformedKey),
                "request-service", List.of());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String service : LocalPlatform.SERVICES) {
                List<String> ours = kafka.readAll(Events.deadLetterTopic(service)).stream().map(ConsumerRecord::key)
                        .filter(key -> key != null && key.contains(run)).sorted().toList();
                assertEquals(expected.get(service), ours, "dead letters of this run at " + service);
            }
        });
        for (String service : LocalPlatform.SERVICES) {
            given().get(platform.service(service).baseUrl() + "/q/health/ready").then().statusCode(200);
        }
    }

    private static void publish(String subject, RestrictionChanged change) {
        kafka.sendCloudEvent(Events.RESTRICTION_CHANGED.topic(), subject, Events.RESTRICTION_CHANGED.cloudEventType(),
                ErasureEvents.json(change));
    }

    private static double retriesOfConsent() {
        String metrics = given().get(platform.service("consent-service").baseUrl() + "/q/metrics").asString();
        Matcher m = RETRIES.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String logOf(ServiceProcess service) {
        try {
            return java.nio.file.Files.readString(service.logFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
