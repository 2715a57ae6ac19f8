package io.privacyplatform.benchmarks;

import io.privacyplatform.launchers.KafkaBroker;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.sandbox.PartnerSandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the benchmark runs on, every part a real process or server as in deploy/local (the same
 * {@link LocalPlatform}): Kafka, PostgreSQL (database {@code partner_sync_service}), the token issuer, the partner
 * sandbox (in this JVM, answering with the configured latency) and the packaged partner-sync-service in its own JVM.
 * Everything starts from empty directories.
 */
final class BenchmarkPlatform implements AutoCloseable {

    static final String SERVICE = "partner-sync-service";
    static final int PARTITIONS = SuitePlatform.PARTITIONS;

    private final LocalPlatform platform;
    final KafkaBroker kafka;
    final PostgresServer postgres;
    final PartnerSandbox sandbox;
    /** The first instance (processor records are registered there; every instance shares its database). */
    final ServiceProcess service;
    /** Every instance, the first one first. */
    final java.util.List<ServiceProcess> instances;
    /** The configuration the benchmark chose (file and overrides), without hosts, ports or keys. */
    final Map<String, String> benchmarkConfig;

    private BenchmarkPlatform(LocalPlatform platform, Map<String, String> benchmarkConfig) {
        this.platform = platform;
        this.kafka = platform.kafka();
        this.postgres = platform.postgres();
        this.sandbox = platform.sandbox();
        this.service = platform.service(SERVICE);
        java.util.List<ServiceProcess> all = new java.util.ArrayList<>();
        for (int i = 1; platform.service(instanceName(i)) != null; i++) {
            all.add(platform.service(instanceName(i)));
        }
        this.instances = java.util.List.copyOf(all);
        this.benchmarkConfig = benchmarkConfig;
    }

    /** Starts everything; on failure, stops whatever started. */
    static BenchmarkPlatform start(BenchmarkOptions options) {
        Path jar = options.serviceJar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run benchmarks/run --rebuild, or"
                    + " ./mvnw -q -pl partner-sync-service -am install -DskipTests");
        }
        Map<String, String> benchmarkConfig = benchmarkConfig(options);
        // The configuration deploy/local gives partner-sync-service (the sandbox's URLs and keys), then the benchmark's.
        LocalPlatform.Builder builder = SuitePlatform.builder(options.workDir()).partnerSandbox(0, 0, 0);
        for (int i = 1; i <= options.instances(); i++) {
            // Further instances: the same jar, database and consumer group (the jar's own), under another name (its
            // log, its port, its static group membership id).
            builder.service(LocalPlatform.Service.of(instanceName(i), jar)
                    .withDatabase(LocalPlatform.databaseOf(SERVICE))
                    .withConfig(running -> LocalPlatform.partnerConfig(running.sandbox()))
                    .withConfig(benchmarkConfig)
                    .withJvmArgs(options.serviceJvmArgs()));
        }
        return new BenchmarkPlatform(builder.start(), benchmarkConfig);
    }

    /** {@code partner-sync-service}, then {@code partner-sync-service-2}, ... */
    static String instanceName(int instance) {
        return instance == 1 ? SERVICE : SERVICE + "-" + instance;
    }

    /** The configuration file's entries, then the {@code --set} overrides, sorted. */
    private static Map<String, String> benchmarkConfig(BenchmarkOptions options) {
        Map<String, String> config = new TreeMap<>();
        if (Files.isRegularFile(options.configFile())) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(options.configFile(), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + options.configFile(), e);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key).trim()));
        } else {
            throw new IllegalStateException("configuration file not found: " + options.configFile());
        }
        config.putAll(options.serviceConfig());
        return config;
    }

    /**
     * A token of the product's billing backend (its own client, role {@code processor-record-recorder} among its
     * few), for registering processor records: as long-lived as a run.
     */
    String billingBackendToken() {
        return platform.issuer().clientToken(RealmClients.BILLING_BACKEND, Duration.ofHours(12));
    }

    /** Stops the service first (it drains its consumer and outbox), then the rest in reverse order of start. */
    @Override
    public void close() {
        platform.close();
    }
}
