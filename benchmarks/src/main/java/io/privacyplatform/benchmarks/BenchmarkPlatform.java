package io.privacyplatform.benchmarks;

import io.privacyplatform.local.LocalPlatform;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.devinfra.KafkaBroker;
import io.privacyplatform.devinfra.PostgresServer;
import io.privacyplatform.devinfra.ProcessSupport;
import io.privacyplatform.devinfra.ServiceProcess;
import io.privacyplatform.devinfra.TokenIssuer;
import io.privacyplatform.sandbox.PartnerSandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the benchmark runs on, every part a real process or server as in deploy/local: Kafka, PostgreSQL (database
 * {@code partner_sync_service}), the token issuer, the partner sandbox (in this JVM, answering with the configured
 * latency) and the packaged partner-sync-service in its own JVM. Everything starts from empty directories.
 */
final class BenchmarkPlatform implements AutoCloseable {

    static final String SERVICE = "partner-sync-service";
    static final String DATABASE = "partner_sync_service";
    static final int PARTITIONS = 3;

    final KafkaBroker kafka;
    final PostgresServer postgres;
    final TokenIssuer issuer;
    final PartnerSandbox sandbox;
    final ServiceProcess service;
    /** The configuration the benchmark chose (file and overrides), without hosts, ports or keys. */
    final Map<String, String> benchmarkConfig;

    private BenchmarkPlatform(KafkaBroker kafka, PostgresServer postgres, TokenIssuer issuer, PartnerSandbox sandbox,
                              ServiceProcess service, Map<String, String> benchmarkConfig) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.issuer = issuer;
        this.sandbox = sandbox;
        this.service = service;
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
        Path work = options.workDir();
        // Stop what a killed run left behind, then start from nothing: every run measures the same empty system.
        KafkaBroker.reapOrphan(work.resolve("kafka"));
        PostgresServer.reapOrphan(work.resolve("postgres"));
        ServiceProcess.reapOrphan(SERVICE, work.resolve("services"));
        ProcessSupport.deleteRecursively(work);

        List<AutoCloseable> started = new ArrayList<>();
        try {
            CompletableFuture<KafkaBroker> kafkaStart = CompletableFuture.supplyAsync(() ->
                    KafkaBroker.start(work.resolve("kafka"), 0));
            PostgresServer postgres = PostgresServer.start(work.resolve("postgres"), 0, DATABASE);
            started.add(postgres);
            TokenIssuer issuer = TokenIssuer.start(work.resolve("issuer"), 0);
            started.add(issuer);
            PartnerSandbox sandbox = PartnerSandbox.start();
            started.add(sandbox);
            KafkaBroker kafka = join(kafkaStart);
            started.add(kafka);
            List<String> topics = new ArrayList<>(Events.topics());
            topics.add(Events.deadLetterTopic(SERVICE));
            kafka.createTopics(topics, PARTITIONS);

            // The configuration deploy/local's LocalPlatform gives partner-sync-service, then the benchmark's.
            Map<String, String> config = new LinkedHashMap<>();
            config.put("quarkus.http.host", "127.0.0.1");
            config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE));
            config.put("quarkus.datasource.username", postgres.username());
            config.put("quarkus.datasource.password", postgres.password());
            config.put("quarkus.oidc.auth-server-url", issuer.issuerUrl());
            config.put("platform.subject-id.hmac-key", randomKey());
            config.putAll(LocalPlatform.partnerConfig(sandbox));
            config.putAll(benchmarkConfig);
            ServiceProcess service = ServiceProcess.start(SERVICE, jar, 0, config, work.resolve("services"),
                    options.serviceJvmArgs(), ServiceProcess.DEFAULT_START_TIMEOUT);
            started.add(service);
            return new BenchmarkPlatform(kafka, postgres, issuer, sandbox, service, benchmarkConfig);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
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

    /** A bearer token with the {@code platform} role, for registering processor records. */
    String platformToken() {
        return issuer.mint("benchmark-platform", Set.of("platform"), Duration.ofHours(12));
    }

    /** Stops the service first (it drains its consumer and outbox), then the rest in reverse order of start. */
    @Override
    public void close() {
        closeAll(new ArrayList<>(List.of(postgres, issuer, sandbox, kafka, service)));
    }

    private static void closeAll(List<AutoCloseable> startOrder) {
        for (int i = startOrder.size() - 1; i >= 0; i--) {
            try {
                startOrder.get(i).close();
            } catch (Exception ignored) {
                // keep stopping the rest
            }
        }
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
