package io.privacyplatform.local;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.devinfra.KafkaBroker;
import io.privacyplatform.devinfra.PostgresServer;
import io.privacyplatform.devinfra.ServiceProcess;
import io.privacyplatform.sandbox.PartnerSandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole platform on one machine, each part a real process or server: Kafka (KRaft, own JVM),
 * PostgreSQL (one database per service), the partner sandbox, the token issuer and the four packaged
 * services. One implementation for the local run and the system test; they differ by {@link Ports}.
 */
public final class LocalPlatform implements AutoCloseable {

    public static final List<String> SERVICES = List.of(
            "request-service", "consent-service", "retention-service", "partner-sync-service");

    /** Fixed ports for the local run (documented in the README), or free ports for tests. */
    public record Ports(int kafka, int postgres, int issuer, int stripe, int hubspot, int openai, Map<String, Integer> services) {

        public static Ports local() {
            return new Ports(9092, 15432, 8180, 8191, 8192, 8193, Map.of(
                    "request-service", 8081, "consent-service", 8082, "retention-service", 8083, "partner-sync-service", 8084));
        }

        public static Ports free() {
            int[] picked = io.privacyplatform.devinfra.FreePorts.pick(4);
            return new Ports(0, 0, 0, 0, 0, 0, Map.of(
                    "request-service", picked[0], "consent-service", picked[1], "retention-service", picked[2],
                    "partner-sync-service", picked[3]));
        }
    }

    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final LocalIssuer issuer;
    private final PartnerSandbox sandbox;
    private final Map<String, ServiceProcess> services;
    private final Map<String, Launch> launches;

    /** How a service was started, so that {@link #restart} starts it again the same way. */
    private record Launch(String service, Path jar, int port, Map<String, String> config, Path dir) {
        ServiceProcess start() {
            return ServiceProcess.start(service, jar, port, config, dir);
        }
    }

    private LocalPlatform(KafkaBroker kafka, PostgresServer postgres, LocalIssuer issuer, PartnerSandbox sandbox,
                          Map<String, ServiceProcess> services, Map<String, Launch> launches) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.issuer = issuer;
        this.sandbox = sandbox;
        this.services = services;
        this.launches = launches;
    }

    /**
     * Starts everything and waits until each service is ready. On failure, whatever started is stopped.
     *
     * @param repositoryRoot where the service modules are (their {@code target/quarkus-app} must be built)
     * @param workDir        data of Kafka, PostgreSQL, the issuer key and service logs; kept across restarts
     * @param extraConfig    per service, added to (and overriding) the computed configuration
     */
    public static LocalPlatform start(Path repositoryRoot, Path workDir, Ports ports, Map<String, Map<String, String>> extraConfig) {
        return start(repositoryRoot, workDir, ports, extraConfig, LocalIssuer::builtIn);
    }

    /** As above, with the OIDC issuer of the caller's choice (e.g. Keycloak). */
    public static LocalPlatform start(Path repositoryRoot, Path workDir, Ports ports, Map<String, Map<String, String>> extraConfig,
                                      LocalIssuer.Starter issuerStarter) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            Files.createDirectories(workDir);
            CompletableFuture<KafkaBroker> kafkaStart = CompletableFuture.supplyAsync(() ->
                    KafkaBroker.start(workDir.resolve("kafka"), ports.kafka()));
            PostgresServer postgres = PostgresServer.start(workDir.resolve("postgres"), ports.postgres(),
                    SERVICES.stream().map(LocalPlatform::databaseOf).toArray(String[]::new));
            started.add(postgres);
            LocalIssuer issuer = issuerStarter.start(workDir, ports.issuer());
            started.add(issuer);
            PartnerSandbox sandbox = PartnerSandbox.start(ports.stripe(), ports.hubspot(), ports.openai());
            started.add(sandbox);
            KafkaBroker kafka = join(kafkaStart);
            started.add(kafka);
            List<String> topics = new ArrayList<>(Events.topics());
            SERVICES.forEach(s -> topics.add(Events.deadLetterTopic(s)));
            kafka.createTopics(topics, 3);

            String subjectIdKey = secret(workDir.resolve("subject-id-hmac.key"));
            String requestEncryptionKey = secret(workDir.resolve("request-encryption.key"));
            String connectionLogKey = secret(workDir.resolve("connection-log-encryption.key"));
            Map<String, CompletableFuture<ServiceProcess>> starting = new LinkedHashMap<>();
            Map<String, Launch> launches = new LinkedHashMap<>();
            for (String service : SERVICES) {
                Map<String, String> config = new LinkedHashMap<>();
                config.put("quarkus.http.host", "127.0.0.1");
                config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
                config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(databaseOf(service)));
                config.put("quarkus.datasource.username", postgres.username());
                config.put("quarkus.datasource.password", postgres.password());
                config.put("quarkus.oidc.auth-server-url", issuer.issuerUrl());
                config.put("platform.subject-id.hmac-key", subjectIdKey);
                if (service.equals("request-service")) {
                    config.put("requests.encryption.key", requestEncryptionKey);
                    // Access and portability exports read the other services' slices with request-service's token.
                    config.putAll(serviceTokenConfig(issuer));
                    for (String peer : List.of("consent-service", "retention-service", "partner-sync-service")) {
                        config.put("quarkus.rest-client." + peer + ".url", "http://127.0.0.1:" + ports.services().get(peer));
                    }
                }
                if (service.equals("retention-service")) {
                    config.put("retention.connection-logs.encryption-key", connectionLogKey);
                }
                if (service.equals("partner-sync-service")) {
                    config.putAll(partnerConfig(sandbox));
                    config.putAll(serviceTokenConfig(issuer));
                    // Rectification values: request-service of this platform.
                    config.put("quarkus.rest-client.request-service.url",
                            "http://127.0.0.1:" + ports.services().get("request-service"));
                }
                config.putAll(extraConfig.getOrDefault(service, Map.of()));
                Path jar = repositoryRoot.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
                int port = ports.services().get(service);
                Launch launch = new Launch(service, jar, port, Map.copyOf(config), workDir.resolve("services"));
                launches.put(service, launch);
                starting.put(service, CompletableFuture.supplyAsync(launch::start));
            }
            Map<String, ServiceProcess> services = new LinkedHashMap<>();
            RuntimeException failure = null;
            for (Map.Entry<String, CompletableFuture<ServiceProcess>> entry : starting.entrySet()) {
                try {
                    ServiceProcess process = join(entry.getValue());
                    services.put(entry.getKey(), process);
                    started.add(process);
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return new LocalPlatform(kafka, postgres, issuer, sandbox, services, launches);
        } catch (IOException e) {
            closeAll(started);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** What partner-sync-service needs to reach the sandbox instead of the real partners. */
    public static Map<String, String> partnerConfig(PartnerSandbox sandbox) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("partners.stripe.base-url", sandbox.stripeBaseUrl());
        config.put("partners.hubspot.base-url", sandbox.hubspotBaseUrl());
        config.put("partners.openai.base-url", sandbox.openaiBaseUrl());
        config.put("partners.stripe.api-key", "sk_test_local_sandbox");
        config.put("partners.hubspot.api-key", "pat-local-sandbox");
        config.put("partners.openai.api-key", "sk-local-sandbox");
        return config;
    }

    /**
     * The service's own token (client credentials of the backend client, role {@code platform}), for a service that
     * calls another one: partner-sync reading rectification values at request-service, request-service reading the
     * export slices of consent-, retention- and partner-sync-service.
     */
    public static Map<String, String> serviceTokenConfig(LocalIssuer issuer) {
        LocalIssuer.ServiceClient client = issuer.backendClient();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.oidc-client.auth-server-url", issuer.issuerUrl());
        config.put("quarkus.oidc-client.client-id", client.clientId());
        config.put("quarkus.oidc-client.credentials.secret", client.secret());
        return config;
    }

    public static String databaseOf(String service) {
        return service.replace('-', '_');
    }

    public String serviceUrl(String service) {
        return services.get(service).baseUrl();
    }

    public ServiceProcess service(String service) {
        return services.get(service);
    }

    /**
     * Stops one service (nothing to stop if it died, e.g. killed by a test) and starts it again on the same port with
     * the same configuration; returns once it is ready.
     */
    public synchronized ServiceProcess restart(String service) {
        Launch launch = launches.get(service);
        if (launch == null) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        services.get(service).stop();
        ServiceProcess process = launch.start();
        services.put(service, process);
        return process;
    }

    public String token(String subject, String... roles) {
        return issuer.token(subject, Set.of(roles));
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    public PartnerSandbox sandbox() {
        return sandbox;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /** Stops services first (they drain their consumers and outbox), then the infrastructure. */
    @Override
    public void close() {
        List<AutoCloseable> startOrder = new ArrayList<>(List.of(postgres, issuer, sandbox, kafka));
        startOrder.addAll(services.values());
        closeAll(startOrder);
    }

    /** Closes in reverse order of start. */
    private static void closeAll(List<AutoCloseable> startOrder) {
        for (int i = startOrder.size() - 1; i >= 0; i--) {
            try {
                startOrder.get(i).close();
            } catch (Exception ignored) {
                // Keep stopping the rest.
            }
        }
    }

    /** A random key generated on first start and kept, so derived subject ids stay stable across restarts. */
    static String secret(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, key + "\n");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }
}
