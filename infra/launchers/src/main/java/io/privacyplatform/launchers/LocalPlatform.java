package io.privacyplatform.launchers;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.sandbox.PartnerSandbox;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Kafka (KRaft, own JVM), PostgreSQL, a token issuer, the partner sandbox and a mail server if asked for, and packaged services each in
 * its own JVM: the one way to start them, for the local run, the system tests, the benchmarks and the multi-replica
 * tests. {@link #wholePlatform} is the four services wired together, with the example account database as a company
 * datastore; {@link #builder} starts any subset.
 * <pre>
 * try (LocalPlatform platform = LocalPlatform.builder(work).fresh()
 *         .service(LocalPlatform.Service.of("consent-service", jar).withConfig(Map.of("quarkus.log.level", "WARN")))
 *         .start()) { ... }
 * </pre>
 */
public final class LocalPlatform implements AutoCloseable {

    public static final List<String> SERVICES = List.of(
            "request-service", "consent-service", "retention-service", "partner-sync-service");

    /** Fixed ports for the local run (documented in the README), or free ports for tests. */
    public record Ports(int kafka, int postgres, int issuer, int stripe, int hubspot, int openai, int smtp, int mailPage,
                        Map<String, Integer> services) {

        public static Ports local() {
            return new Ports(9092, 15432, 8180, 8191, 8192, 8193, 3025, 8025, Map.of(
                    "request-service", 8081, "consent-service", 8082, "retention-service", 8083, "partner-sync-service", 8084));
        }

        public static Ports free() {
            return new Ports(0, 0, 0, 0, 0, 0, 0, 0, Map.of());
        }

        int service(String name) {
            return services.getOrDefault(name, 0);
        }
    }

    /**
     * A packaged service to start: process name (its log is {@code services/<name>.log}), {@code quarkus-run.jar},
     * HTTP port (0 = a free one, picked before anything starts so that peers know it), database, configuration
     * (computed from the started infrastructure, over the common part) and JVM options (after ServiceProcess's own).
     */
    public record Service(String name, Path jar, int port, String database,
                          Function<LocalPlatform, Map<String, String>> config, List<String> jvmArgs) {

        /** Database named after the service ({@code consent-service} uses {@code consent_service}). */
        public static Service of(String name, Path jar) {
            return new Service(name, jar, 0, databaseOf(name), platform -> Map.of(), List.of());
        }

        public Service withPort(int httpPort) {
            return new Service(name, jar, httpPort, database, config, jvmArgs);
        }

        public Service withDatabase(String databaseName) {
            return new Service(name, jar, port, databaseName, config, jvmArgs);
        }

        /** Adds fixed entries (overriding what was there). */
        public Service withConfig(Map<String, String> entries) {
            return withConfig(platform -> entries);
        }

        /** Adds entries computed once the infrastructure runs (overriding what was there). */
        public Service withConfig(Function<LocalPlatform, Map<String, String>> entries) {
            Function<LocalPlatform, Map<String, String>> before = config;
            return new Service(name, jar, port, database, platform -> {
                Map<String, String> merged = new LinkedHashMap<>(before.apply(platform));
                merged.putAll(entries.apply(platform));
                return merged;
            }, jvmArgs);
        }

        public Service withJvmArgs(List<String> args) {
            return new Service(name, jar, port, database, config, List.copyOf(args));
        }
    }

    /**
     * A company datastore (retention-service README, "Datastores"): a database of this platform's PostgreSQL, migrated
     * by Flyway from {@code migrations} (a classpath location) before any service starts, and given to
     * retention-service as {@code retention.datastores.<name>.*} with its manifest (a classpath resource, copied to
     * {@code <workDir>/datastores/<name>.yaml}: the packaged service does not carry the example) and a keyed-hash key
     * kept in {@code <workDir>/<name>-hash.key}.
     */
    public record Datastore(String name, String database, String migrations, String manifest) {

        /** The platform's account database (module examples/account-database), the registry's {@code account-database}. */
        public static final Datastore ACCOUNT_DATABASE = new Datastore("account-database", "account_database",
                "classpath:db/account-database", "datastores/account-database.yaml");
    }

    /** What to start; {@link #start()} starts it. */
    public static final class Builder {
        private final Path workDir;
        private boolean fresh;
        private int kafkaPort;
        private int postgresPort;
        private int issuerPort;
        private LocalIssuer.Starter issuer = LocalIssuer::builtIn;
        private int[] sandboxPorts;
        private int[] mailPorts;
        private final Set<String> databases = new LinkedHashSet<>();
        private final Map<String, Datastore> datastores = new LinkedHashMap<>();
        private final Set<String> topics = new LinkedHashSet<>(Events.topics());
        private int partitions = 3;
        private final Map<String, Service> services = new LinkedHashMap<>();

        private Builder(Path workDir) {
            this.workDir = workDir.toAbsolutePath().normalize();
        }

        /**
         * Start from nothing: stop what a killed earlier run left in the work directory, then wipe it (each run of a
         * benchmark or a test measures the same empty system). Without it, data and keys are kept across runs.
         */
        public Builder fresh() {
            this.fresh = true;
            return this;
        }

        /** Kafka, PostgreSQL and issuer ports; 0 (the default) = a free port. */
        public Builder infrastructurePorts(int kafka, int postgres, int tokenIssuer) {
            this.kafkaPort = kafka;
            this.postgresPort = postgres;
            this.issuerPort = tokenIssuer;
            return this;
        }

        /** The OIDC issuer (default: the built-in {@link TokenIssuer}). */
        public Builder issuer(LocalIssuer.Starter starter) {
            this.issuer = starter;
            return this;
        }

        /** Stripe, HubSpot and OpenAI stubs in this JVM (0 = free ports); partner-sync-service gets their URLs. */
        public Builder partnerSandbox(int stripePort, int hubspotPort, int openaiPort) {
            this.sandboxPorts = new int[]{stripePort, hubspotPort, openaiPort};
            return this;
        }

        /**
         * A {@link MailServer} in this JVM: SMTP and its page on 127.0.0.1 (0 = free ports); request-service of a
         * {@link #wholePlatform} sends its mails there, and {@link LocalPlatform#mails()} reads them.
         */
        public Builder mailServer(int smtpPort, int pagePort) {
            this.mailPorts = new int[]{smtpPort, pagePort};
            return this;
        }

        /** More databases than the services' (e.g. a benchmark's raw baseline). */
        public Builder databases(String... names) {
            databases.addAll(List.of(names));
            return this;
        }

        /** A company datastore, created and migrated before the services start (retention-service gets it in {@link #wholePlatform}). */
        public Builder datastore(Datastore datastore) {
            datastores.put(datastore.name(), datastore);
            return this;
        }

        /** More topics than the contracts' and the services' dead-letter topics. */
        public Builder topics(String... names) {
            topics.addAll(List.of(names));
            return this;
        }

        public Builder partitions(int perTopic) {
            this.partitions = perTopic;
            return this;
        }

        /** JVM options added to every service added so far, after its own (a later option wins), e.g. a JFR recording. */
        public Builder serviceJvmArgs(List<String> args) {
            if (!args.isEmpty()) {
                services.replaceAll((name, service) -> {
                    List<String> all = new java.util.ArrayList<>(service.jvmArgs());
                    all.addAll(args);
                    return service.withJvmArgs(all);
                });
            }
            return this;
        }

        public Builder service(Service service) {
            services.put(service.name(), service);
            if (SERVICES.contains(service.name())) {
                topics.add(Events.deadLetterTopic(service.name()));
            }
            return this;
        }

        /**
         * Starts everything (Kafka in parallel with the rest, services in parallel) and waits until each service is
         * ready. On failure, whatever started is stopped.
         */
        public LocalPlatform start() {
            if (fresh) {
                KafkaBroker.reapOrphan(workDir.resolve("kafka"));
                PostgresServer.reapOrphan(workDir.resolve("postgres"));
                services.keySet().forEach(name -> ServiceProcess.reapOrphan(name, workDir.resolve("services")));
                ProcessSupport.deleteRecursively(workDir);
            }
            int[] free = FreePorts.pick((int) services.values().stream().filter(s -> s.port() == 0).count());
            int nextFree = 0;
            Map<String, Service> withPorts = new LinkedHashMap<>();
            for (Service service : services.values()) {
                withPorts.put(service.name(), service.port() == 0 ? service.withPort(free[nextFree++]) : service);
            }
            Set<String> allDatabases = new LinkedHashSet<>();
            withPorts.values().forEach(s -> allDatabases.add(s.database()));
            allDatabases.addAll(databases);
            datastores.values().forEach(d -> allDatabases.add(d.database()));

            LocalPlatform platform = new LocalPlatform(workDir, withPorts, List.copyOf(datastores.values()));
            try {
                Files.createDirectories(workDir);
                CompletableFuture<KafkaBroker> kafkaStart = CompletableFuture.supplyAsync(() ->
                        KafkaBroker.start(workDir.resolve("kafka"), kafkaPort));
                try {
                    platform.postgres = platform.started(PostgresServer.start(workDir.resolve("postgres"), postgresPort,
                            allDatabases.toArray(String[]::new)));
                    platform.datastores.forEach(platform::migrate);
                    platform.issuer = platform.started(issuer.start(workDir, issuerPort));
                    if (sandboxPorts != null) {
                        platform.sandbox = platform.started(PartnerSandbox.start(sandboxPorts[0], sandboxPorts[1], sandboxPorts[2]));
                    }
                    if (mailPorts != null) {
                        platform.mailServer = platform.started(MailServer.start(mailPorts[0], mailPorts[1]));
                    }
                } finally {
                    platform.kafka = platform.started(join(kafkaStart));
                }
                platform.kafka.createTopics(List.copyOf(topics), partitions);

                Map<String, CompletableFuture<ServiceProcess>> starting = new LinkedHashMap<>();
                for (Service service : withPorts.values()) {
                    starting.put(service.name(), CompletableFuture.supplyAsync(() -> platform.launch(service)));
                }
                RuntimeException failure = null;
                for (Map.Entry<String, CompletableFuture<ServiceProcess>> entry : starting.entrySet()) {
                    try {
                        platform.processes.put(entry.getKey(), join(entry.getValue()));
                    } catch (RuntimeException e) {
                        failure = failure == null ? e : failure;
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return platform;
            } catch (IOException e) {
                platform.close();
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                platform.close();
                throw e;
            }
        }
    }

    private final Path workDir;
    private final Map<String, Service> services;
    private final List<Datastore> datastores;
    private final Map<String, ServiceProcess> processes = new LinkedHashMap<>();
    /** Infrastructure in start order; closed in reverse, after the services. */
    private final List<AutoCloseable> infrastructure = new ArrayList<>();
    private KafkaBroker kafka;
    private PostgresServer postgres;
    private LocalIssuer issuer;
    private PartnerSandbox sandbox;
    private MailServer mailServer;

    private LocalPlatform(Path workDir, Map<String, Service> services, List<Datastore> datastores) {
        this.workDir = workDir;
        this.services = services;
        this.datastores = datastores;
    }

    /** A platform to build in {@code workDir} (data of Kafka and PostgreSQL, the issuer key, keys, service logs). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * The four services wired together, with the partner sandbox, a mail server (request-service's SMTP) and the
     * example account database as a company datastore of retention-service: what {@code deploy/local/run} and the
     * system tests run. Data and keys are kept in {@code workDir} across restarts (mails are not).
     *
     * @param repositoryRoot where the service modules are (their {@code target/quarkus-app} must be built)
     * @param extraConfig    per service, added to (and overriding) the computed configuration
     */
    public static Builder wholePlatform(Path repositoryRoot, Path workDir, Ports ports, Map<String, Map<String, String>> extraConfig) {
        Builder builder = builder(workDir)
                .infrastructurePorts(ports.kafka(), ports.postgres(), ports.issuer())
                .partnerSandbox(ports.stripe(), ports.hubspot(), ports.openai())
                .mailServer(ports.smtp(), ports.mailPage())
                .datastore(Datastore.ACCOUNT_DATABASE);
        for (String name : SERVICES) {
            Service service = Service.of(name, repositoryRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar"))
                    .withPort(ports.service(name))
                    .withConfig(platform -> platform.wiring(name))
                    .withConfig(extraConfig.getOrDefault(name, Map.of()));
            builder.service(service);
        }
        return builder;
    }

    /** What each service of the whole platform needs to reach the others, its keys and the sandbox. */
    private Map<String, String> wiring(String service) {
        Map<String, String> config = new LinkedHashMap<>(ConsoleWiring.of(this, service));
        switch (service) {
            case "request-service" -> {
                // One key per purpose, each mounted only where it is used (deploy/README.md, "Keys").
                config.put("platform.subject-id.hmac-key", secret("subject-id-hmac"));
                config.put("requests.encryption.key", secret("request-encryption"));
                config.put("requests.person-links.signing-key", secret("person-links-signing"));
                config.put("requests.person-links.base-url", serviceUrl("request-service"));
                // Access and portability exports read the other services' slices with request-service's own client.
                config.putAll(serviceTokenConfig(issuer, service));
                for (String peer : List.of("consent-service", "retention-service", "partner-sync-service")) {
                    config.put("quarkus.rest-client." + peer + ".url", serviceUrl(peer));
                }
                if (mailServer != null) {
                    config.putAll(mailServer.mailerConfig());
                    // A newcomer (and a test) reads the person's mail seconds after the step, not half a minute.
                    config.put("requests.notifications.send-every", "2s");
                }
            }
            case "consent-service" -> {
                config.put("consent.links.signing-key", secret("unsubscribe-links-signing"));
                config.put("consent.suppression.hmac-key", secret("suppression-hmac"));
                // The one-click unsubscribe link and its List-Unsubscribe header are absolute: mail clients use them.
                config.put("consent.links.public-base-url", serviceUrl("consent-service"));
            }
            case "retention-service" -> {
                config.put("retention.connection-logs.encryption-key", secret("connection-log-encryption"));
                datastores.forEach(datastore -> config.putAll(datastoreConfig(datastore)));
                // Rectification values of the datastores' orders: request-service of this platform, with its own client.
                config.putAll(serviceTokenConfig(issuer, service));
                config.put("quarkus.rest-client.request-service.url", serviceUrl("request-service"));
            }
            case "partner-sync-service" -> {
                config.putAll(partnerConfig(sandbox));
                config.putAll(serviceTokenConfig(issuer, service));
                // Rectification values: request-service of this platform.
                config.put("quarkus.rest-client.request-service.url", serviceUrl("request-service"));
                // The email lookup: the datastores' contact columns, served by retention-service.
                config.put("quarkus.rest-client.subject-contact.url", serviceUrl("retention-service"));
            }
            default -> {
            }
        }
        return config;
    }

    /**
     * What retention-service needs for one datastore: its connection, its keyed-hash key (standard base64 of 32 random
     * bytes, kept in the work directory) and its manifest file.
     */
    public Map<String, String> datastoreConfig(Datastore datastore) {
        String prefix = "retention.datastores." + datastore.name() + ".";
        Map<String, String> config = new LinkedHashMap<>();
        config.put(prefix + "jdbc-url", postgres.jdbcUrl(datastore.database()));
        config.put(prefix + "username", postgres.username());
        config.put(prefix + "password", postgres.password());
        config.put(prefix + "hash-key", Base64.getEncoder().encodeToString(
                Base64.getUrlDecoder().decode(secret(datastore.name() + "-hash"))));
        config.put(prefix + "manifest", manifestFile(datastore).toString());
        return config;
    }

    /** Creates or upgrades the datastore's tables and seed data (Flyway keeps its history: a restart changes nothing). */
    private void migrate(Datastore datastore) {
        Flyway.configure().dataSource(postgres.jdbcUrl(datastore.database()), postgres.username(), postgres.password())
                .locations(datastore.migrations()).load().migrate();
        Path manifest = manifestFile(datastore);
        try (InputStream in = LocalPlatform.class.getClassLoader().getResourceAsStream(datastore.manifest())) {
            if (in == null) {
                throw new IllegalStateException("no manifest " + datastore.manifest() + " on the classpath");
            }
            Files.createDirectories(manifest.getParent());
            Files.write(manifest, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + manifest, e);
        }
    }

    private Path manifestFile(Datastore datastore) {
        return workDir.resolve("datastores").resolve(datastore.name() + ".yaml");
    }

    /** The company datastores of this platform. */
    public List<Datastore> datastores() {
        return datastores;
    }

    private <T extends AutoCloseable> T started(T part) {
        infrastructure.add(part);
        return part;
    }

    /**
     * The common configuration (profile, address, Kafka, database, issuer), then the service's own. The jars run with
     * the production configuration plus the profile {@code local} ({@code quarkus.profile=prod,local}): production's
     * guard (platform-support ProductionGuard) would refuse this run's plain-http issuer on the loopback.
     */
    private ServiceProcess launch(Service service) {
        return launch(service, Map.of());
    }

    private ServiceProcess launch(Service service, Map<String, String> overrides) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.profile", "prod,local");
        config.put("quarkus.http.host", "127.0.0.1");
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(service.database()));
        config.put("quarkus.datasource.username", postgres.username());
        config.put("quarkus.datasource.password", postgres.password());
        config.put("quarkus.oidc.auth-server-url", issuer.issuerUrl());
        // static consumer group members named after the service (unique in a platform): a restart, clean or SIGKILL,
        // takes its partitions back without a rebalance (platform-support README, "Consumer groups and restarts")
        config.put("platform.kafka.instance-id", service.name());
        config.putAll(service.config().apply(this));
        config.putAll(overrides);
        return ServiceProcess.start(service.name(), service.jar(), service.port(), Map.copyOf(config),
                workDir.resolve("services"), service.jvmArgs(), ServiceProcess.DEFAULT_START_TIMEOUT);
    }

    /** The officer's console's address in a platform (request-service serves it), e.g. {@code http://127.0.0.1:8081/console/}. */
    public String consoleUrl() {
        return serviceUrl("request-service") + "/console/";
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
     * The service's own client (the realm's client named after it, with only the roles its calls need), whose token
     * it gets by client credentials to call another service: partner-sync and retention-service (for its datastores)
     * reading rectification values at request-service, partner-sync contacts at retention-service, request-service
     * reading the export slices of consent-, retention- and partner-sync-service.
     */
    public static Map<String, String> serviceTokenConfig(LocalIssuer issuer, String service) {
        LocalIssuer.ServiceClient client = issuer.client(service);
        Map<String, String> config = new LinkedHashMap<>();
        config.put("quarkus.oidc-client.auth-server-url", issuer.issuerUrl());
        config.put("quarkus.oidc-client.client-id", client.clientId());
        config.put("quarkus.oidc-client.credentials.secret", client.secret());
        return config;
    }

    public static String databaseOf(String service) {
        return service.replace('-', '_');
    }

    /** The base URL of a service, known before it starts. */
    public String serviceUrl(String service) {
        Service known = services.get(service);
        if (known == null) {
            throw new IllegalArgumentException("no service " + service + " in this platform");
        }
        return "http://127.0.0.1:" + known.port();
    }

    public ServiceProcess service(String service) {
        return processes.get(service);
    }

    /**
     * Stops one service (nothing to stop if it died, e.g. killed by a test) and starts it again on the same port with
     * the same configuration; returns once it is ready.
     */
    public synchronized ServiceProcess restart(String service) {
        return restart(service, Map.of());
    }

    /**
     * {@link #restart(String)} with some settings changed, e.g. another {@code platform.kafka.instance-id} (a
     * rollout's new pod): they hold for this process only; the next plain restart uses the service's own again.
     */
    public synchronized ServiceProcess restart(String service, Map<String, String> overrides) {
        Service spec = services.get(service);
        if (spec == null) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        processes.get(service).stop();
        ServiceProcess process = launch(spec, overrides);
        processes.put(service, process);
        return process;
    }

    /**
     * Stops the Kafka broker (SIGTERM: Kafka's controlled shutdown) and starts it again on the same data directory and
     * port, as an operator's broker restart: topics, records and committed offsets are kept, and the services' clients
     * reconnect by themselves. Returns once the broker answers again.
     */
    public synchronized KafkaBroker restartKafka() {
        int index = infrastructure.indexOf(kafka);
        int port = kafka.port();
        kafka.close();
        KafkaBroker restarted = KafkaBroker.start(kafka.workDir(), port);
        infrastructure.set(index, restarted);
        kafka = restarted;
        return restarted;
    }

    /**
     * A person's bearer token for {@code subject} with {@code roles}, from this platform's issuer, through the realm's
     * client such a person signs in through (the frontend's for a data subject, else the console's).
     */
    public String token(String subject, String... roles) {
        return issuer.token(subject, Set.of(roles));
    }

    /**
     * A token of the realm's confidential client {@code clientId} (a product backend, {@link RealmClients#WEB_BACKEND}
     * or {@link RealmClients#BILLING_BACKEND}, or a service's own client): its roles only, its audience.
     */
    public String clientToken(String clientId) {
        return issuer.clientToken(clientId);
    }

    public LocalIssuer issuer() {
        return issuer;
    }

    /** The partner sandbox; null unless {@link Builder#partnerSandbox} asked for it. */
    public PartnerSandbox sandbox() {
        return sandbox;
    }

    /** The mail server; null unless {@link Builder#mailServer} asked for it ({@link #wholePlatform} does). */
    public MailServer mailServer() {
        return mailServer;
    }

    /** The mails request-service sent so far, oldest first (see {@link MailServer.Mail#links()} for a person's link). */
    public List<MailServer.Mail> mails() {
        if (mailServer == null) {
            throw new IllegalStateException("this platform has no mail server (LocalPlatform.Builder.mailServer)");
        }
        return mailServer.mails();
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public Path workDir() {
        return workDir;
    }

    /** A random key generated on first use and kept in {@code <workDir>/<name>.key}: derived ids stay stable across restarts. */
    public String secret(String name) {
        return secret(workDir.resolve(name + ".key"));
    }

    /** Stops services first (they drain their consumers and outbox), then the infrastructure in reverse order of start. */
    @Override
    public void close() {
        List<AutoCloseable> startOrder = new ArrayList<>(infrastructure);
        startOrder.addAll(processes.values());
        for (int i = startOrder.size() - 1; i >= 0; i--) {
            try {
                startOrder.get(i).close();
            } catch (Exception ignored) {
                // Keep stopping the rest.
            }
        }
    }

    static synchronized String secret(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                return Files.readString(file).trim();
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            Files.createDirectories(file.toAbsolutePath().getParent());
            // Services are wired in parallel: a reader must never see a half-written key (nor two writers differ).
            ProcessSupport.writeAtomically(file, key + "\n");
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
