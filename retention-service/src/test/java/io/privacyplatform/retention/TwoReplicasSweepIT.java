package io.privacyplatform.retention;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.ServiceProcess;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real replicas of the packaged service (two JVMs, failsafe after {@code package}) on one PostgreSQL and one
 * Kafka, both sweeping every second on their schedule and on demand at the same time: each expired subject is
 * ordered exactly once.
 */
class TwoReplicasSweepIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String DATABASE = "retention_service";

    private static LocalPlatform twoReplicas;
    private static ServiceProcess replicaA;
    private static ServiceProcess replicaB;

    @BeforeAll
    static void start() {
        // Fresh data each run, after stopping whatever a killed earlier run left behind.
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        // No account database here: the replicas need not wait for it to be ready.
        Map<String, String> config = Map.of("retention.sweep.cron", "* * * * * ?",
                "retention.datastore-erasure.require-every-datastore", "false");
        twoReplicas = LocalPlatform.builder(Path.of("target", "two-replicas")).fresh()
                .topics(Events.deadLetterTopic("retention-service"))
                .service(LocalPlatform.Service.of("retention-a", jar).withDatabase(DATABASE).withConfig(config))
                .service(LocalPlatform.Service.of("retention-b", jar).withDatabase(DATABASE).withConfig(config))
                .start();
        replicaA = twoReplicas.service("retention-a");
        replicaB = twoReplicas.service("retention-b");
    }

    @AfterAll
    static void stop() {
        if (twoReplicas != null) {
            twoReplicas.close();
        }
    }

    @Test
    void twoReplicasSweepingOnScheduleAndOnDemandOrderEachExpiredSubjectOnce() throws Exception {
        // Already expired entries: only the privacy officer may record them (a backend alone cannot trigger an erasure).
        String platform = twoReplicas.issuer().token("dpo-1", Set.of("privacy-officer"), Duration.ofMinutes(30));
        String operator = twoReplicas.issuer().token("ops-1", Set.of("operator"), Duration.ofMinutes(30));
        Instant contacted = Instant.now().atOffset(ZoneOffset.UTC).minusYears(3).minusDays(1).toInstant();
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String subject = "replicas-" + UUID.randomUUID();
            subjects.add(subject);
            ServiceProcess replica = i % 2 == 0 ? replicaA : replicaB;
            given().auth().oauth2(platform).contentType(ContentType.JSON)
                    .body("{\"subjectId\":\"" + subject + "\",\"purpose\":\"prospection\",\"dataCategories\":[\"contact\"],"
                            + "\"collectedAt\":\"" + contacted + "\",\"lastActivityAt\":\"" + contacted + "\"}")
                    .post(replica.baseUrl() + "/inventory")
                    .then().statusCode(201);
        }

        // On-demand sweeps on both replicas at once, while both also sweep every second.
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> sweeps = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String url = (i % 2 == 0 ? replicaA : replicaB).baseUrl() + "/sweeps";
                sweeps.add(() -> given().auth().oauth2(operator).post(url).then().extract().statusCode());
            }
            for (Future<Integer> status : pool.invokeAll(sweeps)) {
                assertTrue(status.get() == 200 || status.get() == 409, "status " + status.get());
            }
        } finally {
            pool.shutdown();
        }

        // Every order executed (by whichever replica consumed it): the subjects are gone from the inventory.
        await().atMost(WAIT).until(() -> count("select count(*) from inventory_entry where subject_id like 'replicas-%'") == 0);
        // More sweeps on both replicas after that: none may order anyone again.
        long sweepsSoFar = count("select count(*) from retention_sweep");
        await().atMost(WAIT).until(() -> count("select count(*) from retention_sweep") >= sweepsSoFar + 4);

        for (String subject : subjects) {
            assertEquals(1, count("select count(*) from platform_outbox where topic = 'erasure-ordered' and record_key = '"
                    + subject + "'"), "ordered once: " + subject);
        }
        try (KafkaTestClient client = new KafkaTestClient(twoReplicas.kafka().bootstrapServers())) {
            List<ConsumerRecord<String, String>> orders = client.awaitRecords(Events.ERASURE_ORDERED.topic(),
                    r -> subjects.contains(r.key()), subjects.size(), WAIT);
            assertEquals(subjects.size(), orders.stream().map(ConsumerRecord::key).distinct().count());
            assertEquals(subjects.size(), client.readAll(Events.ERASURE_ORDERED.topic()).stream()
                    .filter(r -> subjects.contains(r.key())).count(), "one erasure-ordered per subject on Kafka");
            // The last confirmations may still be on their way from the outbox when the inventory is empty.
            client.awaitRecords(Events.ERASURE_CONFIRMED.topic(), r -> subjects.contains(r.key())
                    && Systems.RETENTION.equals(ErasureEvents.confirmed(r).system()), subjects.size(), WAIT);
            assertEquals(subjects.size(), client.readAll(Events.ERASURE_CONFIRMED.topic()).stream()
                    .filter(r -> subjects.contains(r.key()))
                    .filter(r -> Systems.RETENTION.equals(ErasureEvents.confirmed(r).system())).count(),
                    "one confirmation per order");
        }
        // Both replicas did sweep on their schedule (the loser of each race skips).
        assertTrue(Files.readString(replicaA.logFile()).contains("(SCHEDULED)"), "replica A swept on its schedule");
        assertTrue(Files.readString(replicaB.logFile()).contains("(SCHEDULED)"), "replica B swept on its schedule");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(twoReplicas.postgres().jdbcUrl(DATABASE), twoReplicas.postgres().username(),
                twoReplicas.postgres().password());
             PreparedStatement statement = c.prepareStatement(sql);
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
