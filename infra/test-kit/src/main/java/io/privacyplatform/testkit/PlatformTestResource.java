package io.privacyplatform.testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.privacyplatform.launchers.KafkaBroker;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.launchers.ProcessSupport;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource giving a {@code @QuarkusTest} a real Kafka broker and a real PostgreSQL, no Docker:
 * <pre>
 * &#64;QuarkusTestResource(value = PlatformTestResource.class, initArgs = {
 *         &#64;ResourceArg(name = PlatformTestResource.TOPICS, value = "consent-changed,erasure-ordered"),
 *         &#64;ResourceArg(name = PlatformTestResource.DATABASE, value = "consent") })
 * </pre>
 * Init args: {@value #TOPICS} (comma separated topic names to create, default none: auto-creation is on
 * anyway), {@value #DATABASE} (default {@code app}), {@value #PARTITIONS} (per created topic, default 3).
 * <p>
 * Returns {@code kafka.bootstrap.servers}, {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username}
 * and {@code quarkus.datasource.password}.
 * <p>
 * One broker and one PostgreSQL per test JVM, started on first use with fresh data under
 * {@code target/embedded-infra/} of the module (wiped, after stopping any process a killed earlier run left
 * there), and shared by every test class and Quarkus restart (test profiles) of that JVM: {@link #stop()} keeps
 * them, JVM shutdown hooks stop them (and they stop by themselves if the JVM is killed). Sharing goes through
 * system properties, so it also holds when Quarkus loads this class in more than one class loader.
 */
public class PlatformTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String TOPICS = "topics";
    public static final String DATABASE = "database";
    public static final String PARTITIONS = "partitions";

    static final String PROPERTY_PREFIX = "privacyplatform.devinfra.test.";
    private static final String BOOTSTRAP = PROPERTY_PREFIX + "kafka.bootstrap";
    private static final String KAFKA_PID = PROPERTY_PREFIX + "kafka.pid";
    private static final String PG_PORT = PROPERTY_PREFIX + "postgres.port";
    private static final String PG_PID = PROPERTY_PREFIX + "postgres.pid";
    private static final String PG_USER = PROPERTY_PREFIX + "postgres.user";
    private static final String PG_PASSWORD = PROPERTY_PREFIX + "postgres.password";
    /** Interned: the same monitor for every class loader of this JVM. */
    private static final String LOCK = "io.privacyplatform.testkit.PlatformTestResource.lock".intern();

    private List<String> topics = List.of();
    private String database = "app";
    private int partitions = 3;

    @Override
    public void init(Map<String, String> initArgs) {
        String topicsArg = initArgs.getOrDefault(TOPICS, "");
        List<String> names = new ArrayList<>();
        for (String topic : topicsArg.split(",")) {
            if (!topic.isBlank()) {
                names.add(topic.trim());
            }
        }
        topics = List.copyOf(names);
        database = initArgs.getOrDefault(DATABASE, "app").trim();
        partitions = Integer.parseInt(initArgs.getOrDefault(PARTITIONS, "3").trim());
    }

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            if (!running()) {
                startInfrastructure(Path.of("target", "embedded-infra").toAbsolutePath().normalize());
            }
            String bootstrap = System.getProperty(BOOTSTRAP);
            int pgPort = Integer.parseInt(System.getProperty(PG_PORT));
            KafkaBroker.createTopics(bootstrap, topics, partitions);
            PostgresServer.createDatabases(pgPort, database);
            return Map.of(
                    "kafka.bootstrap.servers", bootstrap,
                    "quarkus.datasource.jdbc.url", PostgresServer.jdbcUrl(pgPort, database),
                    "quarkus.datasource.username", System.getProperty(PG_USER),
                    "quarkus.datasource.password", System.getProperty(PG_PASSWORD));
        }
    }

    /** The broker's {@code host:port} once a test resource of this JVM has started it. */
    public static String bootstrapServers() {
        String bootstrap = System.getProperty(BOOTSTRAP);
        if (bootstrap == null) {
            throw new IllegalStateException("no broker yet: the test class needs @QuarkusTestResource(PlatformTestResource.class)"
                    + " (or a test resource class that declares it)");
        }
        return bootstrap;
    }

    /** Keeps the infrastructure for the next test class or profile; it stops when the JVM exits. */
    @Override
    public void stop() {
        // intentionally empty
    }

    private static boolean running() {
        return System.getProperty(BOOTSTRAP) != null && alive(KAFKA_PID) && alive(PG_PID);
    }

    private static boolean alive(String pidProperty) {
        String pid = System.getProperty(pidProperty);
        return pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessSupport::isLive).orElse(false);
    }

    private static void startInfrastructure(Path base) {
        Path kafkaDir = base.resolve("kafka");
        Path postgresDir = base.resolve("postgres");
        KafkaBroker.reapOrphan(kafkaDir);
        PostgresServer.reapOrphan(postgresDir);
        ProcessSupport.deleteRecursively(base);

        // Both in parallel: each is mostly waiting on its own process.
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> KafkaBroker.start(kafkaDir, 0));
        PostgresServer postgres;
        try {
            postgres = PostgresServer.start(postgresDir, 0);
        } catch (RuntimeException e) {
            kafka.thenAccept(KafkaBroker::close);
            throw e;
        }
        KafkaBroker broker;
        try {
            broker = kafka.join();
        } catch (CompletionException e) {
            postgres.close();
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        System.out.printf("[test-kit] Kafka %s ready in %d ms, PostgreSQL 127.0.0.1:%d ready in %d ms (data: %s)%n",
                broker.bootstrapServers(), broker.startupTime().toMillis(), postgres.port(),
                postgres.startupTime().toMillis(), base);
        System.setProperty(BOOTSTRAP, broker.bootstrapServers());
        System.setProperty(KAFKA_PID, Long.toString(broker.pid()));
        System.setProperty(PG_PORT, Integer.toString(postgres.port()));
        System.setProperty(PG_PID, Long.toString(postgres.pid()));
        System.setProperty(PG_USER, postgres.username());
        System.setProperty(PG_PASSWORD, postgres.password());
    }
}
