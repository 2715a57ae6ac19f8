package io.privacyplatform.retention;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service (its own JVM, failsafe after {@code package}) erasing a backlog of orders from the example
 * account database in batches, killed with SIGKILL while the batches run, then started again: every subject is erased
 * once (its email is the HMAC of the address, not of the HMAC), every order has one row in the datastore's erasure log
 * and exactly one confirmation (one event id; the outbox may relay an event twice, never two events).
 */
class DatastoreErasureSigkillIT {

    private static final String SERVICE = "retention-service";
    private static final String STORE = "account-database";
    private static final String DATABASE = "account_database";
    /** Development and test only. */
    private static final String HASH_KEY = "c2VjcmV0LWtleS1vZi10aGUtYWNjb3VudC1kYXRhYmFzZS10ZXN0cw==";
    private static final int ORDERS = 4000;
    private static final Duration WAIT = Duration.ofSeconds(180);

    private static LocalPlatform platform;

    @BeforeAll
    static void start() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        platform = LocalPlatform.builder(Path.of("target", "datastore-sigkill")).fresh()
                .databases(DATABASE)
                .topics(Events.ERASURE_ORDERED.topic(), Events.ERASURE_CONFIRMED.topic(), Events.deadLetterTopic(SERVICE))
                .partitions(3)
                .service(LocalPlatform.Service.of(SERVICE, jar).withConfig(running -> {
                    // Migrated before each start (the service checks its manifest against the catalog at startup).
                    String url = running.postgres().jdbcUrl(DATABASE);
                    Flyway.configure().dataSource(url, running.postgres().username(), running.postgres().password())
                            .locations("classpath:db/account-database").load().migrate();
                    String prefix = "retention.datastores." + STORE + ".";
                    // The packaged service has no example manifest on its classpath: a file, as a mounted ConfigMap would be.
                    Path manifest = Path.of("..", "examples", "account-database", "src", "main", "resources", "datastores",
                            STORE + ".yaml").toAbsolutePath().normalize();
                    return Map.of(prefix + "jdbc-url", url, prefix + "username", running.postgres().username(),
                            prefix + "password", running.postgres().password(), prefix + "hash-key", HASH_KEY,
                            prefix + "manifest", manifest.toString());
                }))
                .start();
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void killedWhileErasingThenRestartedEveryOrderTakesEffectOnceAndIsConfirmedOnce() throws Exception {
        String run = "kill-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        execute("""
                insert into accounts (subject_id, email) select ? || i, ? || i || '@example.org' from generate_series(1, ?) i""",
                run, run, ORDERS);
        execute("""
                insert into profiles (account_id, first_name, last_name, phone)
                select id, 'Jeanne', 'Moreau', '+33 6 00 00 00 01' from accounts where subject_id like ? || '%'""", run);
        execute("""
                insert into orders (account_id, placed_at, invoice_number, amount_cents, currency, billing_name, billing_address, delivery_note)
                select id, now(), 'INV-' || subject_id, 4200, 'EUR', 'Jeanne Moreau', '1 rue Haute', 'ring twice'
                from accounts where subject_id like ? || '%'""", run);

        List<ErasureOrdered> orders = new ArrayList<>();
        for (int i = 1; i <= ORDERS; i++) {
            orders.add(ErasureEvents.order(run + i, List.of(STORE)));
        }
        String[] orderIds = orders.stream().map(o -> o.orderId().toString()).toArray(String[]::new);
        long published = System.nanoTime();
        publishAll(orders);

        // Kill -9 while the backlog is being erased, batch after batch.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> erased(orderIds) >= 300);
        ServiceProcess first = platform.service(SERVICE);
        ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
        await().atMost(Duration.ofSeconds(30)).until(() -> !first.isRunning());
        long erasedAtKill = erased(orderIds);
        assertTrue(erasedAtKill < ORDERS, "killed after the last batch: nothing to prove (" + erasedAtKill + ")");
        System.out.printf("[sigkill] killed with %d of %d orders erased in the datastore, %.0f orders/s through Kafka"
                + " until then%n", erasedAtKill, ORDERS, erasedAtKill / ((System.nanoTime() - published) / 1e9));

        platform.restart(SERVICE);
        long restarted = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> erased(orderIds) == ORDERS);
        System.out.printf("[sigkill] restarted: the %d other orders erased in %.1f s through Kafka (backlog)%n",
                ORDERS - erasedAtKill, (System.nanoTime() - restarted) / 1e9);

        // Every order confirmed, once: one event id per order (a relay resend repeats the id).
        Map<String, Set<String>> eventIds = new HashMap<>();
        try (KafkaTestClient client = new KafkaTestClient(platform.kafka().bootstrapServers())) {
            Set<String> wanted = Set.of(orderIds);
            await().atMost(WAIT).until(() -> {
                eventIds.clear();
                for (ConsumerRecord<String, String> record : client.readAll(Events.ERASURE_CONFIRMED.topic())) {
                    ErasureConfirmed confirmed = ErasureEvents.confirmed(record);
                    if (STORE.equals(confirmed.system()) && wanted.contains(confirmed.orderId().toString())) {
                        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome(), confirmed.toString());
                        eventIds.computeIfAbsent(confirmed.orderId().toString(), o -> new HashSet<>())
                                .add(KafkaTestClient.header(record, "ce_id"));
                    }
                }
                return eventIds.size() == ORDERS;
            });
        }
        eventIds.forEach((order, ids) -> assertEquals(1, ids.size(), "confirmations of order " + order + ": " + ids));

        // Erased once: no profile left, the email is the HMAC of the address (a second erasure would not change it,
        // the connector never hashes a hash, but the log would hold a second order id: it holds exactly one per order).
        assertEquals(0L, single("select count(*) from profiles p join accounts a on a.id = p.account_id where a.subject_id like ? || '%'", run));
        assertEquals((long) ORDERS, single("select count(*) from privacy_erasure_log where order_id = any(?)", (Object) orderIds));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(HASH_KEY), "HmacSHA256"));
        try (Connection c = connect();
             PreparedStatement s = c.prepareStatement("select subject_id, email from accounts where subject_id like ? || '%'")) {
            s.setString(1, run);
            int checked = 0;
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String address = rs.getString(1) + "@example.org";
                    assertEquals(HexFormat.of().formatHex(mac.doFinal(address.getBytes(StandardCharsets.UTF_8))), rs.getString(2));
                    checked++;
                }
            }
            assertEquals(ORDERS, checked);
        }
        assertTrue(Files.readString(platform.service(SERVICE).logFile()).contains("Erasure order"), "the restarted service confirmed");
    }

    /** All orders at once (the service finds a backlog and takes it in batches). */
    private static void publishAll(List<ErasureOrdered> orders) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (ErasureOrdered order : orders) {
                ProducerRecord<String, String> record = new ProducerRecord<>(Events.ERASURE_ORDERED.topic(), order.subjectId(),
                        ErasureEvents.json(order));
                KafkaTestClient.cloudEventHeaders(UUID.randomUUID().toString(), Events.ERASURE_ORDERED.cloudEventType(),
                        order.subjectId()).forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static long erased(String[] orderIds) throws SQLException {
        return single("select count(*) from privacy_erasure_log where order_id = any(?) and evidence is not null", (Object) orderIds);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.postgres().jdbcUrl(DATABASE), platform.postgres().username(),
                platform.postgres().password());
    }

    private static void execute(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
        }
    }

    private static long single(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof String[] texts) {
                s.setArray(i + 1, c.createArrayOf("text", texts));
            } else {
                s.setObject(i + 1, params[i]);
            }
        }
        return s;
    }
}
