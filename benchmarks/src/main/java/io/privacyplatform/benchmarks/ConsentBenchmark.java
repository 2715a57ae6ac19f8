package io.privacyplatform.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.launchers.KafkaBroker;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.launchers.ServiceProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consent-service benchmark of the suite ({@code benchmarks/run consent}). It starts ({@link SuitePlatform}) Kafka,
 * PostgreSQL, the token issuer and the packaged service in its own JVM, then measures in the same run:
 * <ol>
 *   <li>raw limits: HTTP (GET /q/health/live), PostgreSQL (the change's three writes in one transaction, and a
 *       primary-key read, over JDBC from this JVM), Kafka (acks=all idempotent sends);</li>
 *   <li>consent changes end to end: POST /consents (grants and withdrawals, platform token) until the matching
 *       {@code consent-changed} record is read back from Kafka;</li>
 *   <li>effective-state queries: GET /consents/effective, next to the bare authenticated HTTP endpoint
 *       ({@code --bare-endpoint}, the same token and role check, no database: by default the same GET without its
 *       purpose, answered 400 before any read), and the batch form (subjects answered per second).</li>
 * </ol>
 * Everything shares the machine's cores with this JVM, which generates the load: the figures are what one box does.
 */
final class ConsentBenchmark {

    private static final String SERVICE = "consent-service";
    private static final String RAW_DATABASE = "raw_limit";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("concurrency", "32");
        DEFAULTS.put("changes", "20000");
        DEFAULTS.put("subjects", "5000");
        DEFAULTS.put("seconds", "15");
        DEFAULTS.put("batch", "1000");
        DEFAULTS.put("change-batch", "100");
        // Fewer clients for batches: 32 x 100 changes in flight would only queue up in front of the service.
        DEFAULTS.put("batch-concurrency", "4");
        // The bare authenticated endpoint: token verified and role checked as for a query, then answered at once.
        DEFAULTS.put("bare-endpoint", "/consents/effective?subjectId=s-run-1");
        DEFAULTS.put("bare-status", "400");
        DEFAULTS.put(BenchmarkArgs.PROFILE, PerfProfile.NONE);
    }

    private static final Map<String, String> QUICK = Map.of("changes", "2000", "subjects", "1000", "seconds", "5");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    private final int concurrency;
    private final int changes;
    private final int subjects;
    private final int seconds;
    private final int batchSize;
    private final int changeBatch;
    private final int batchConcurrency;
    private final String bareEndpoint;
    private final int bareStatus;
    private final Path root;
    private final Path work;
    private final BenchmarkArgs args;

    private ConsentBenchmark(BenchmarkSuite.Context context, BenchmarkArgs args) {
        this.concurrency = args.integer("concurrency");
        this.changes = args.integer("changes");
        this.subjects = args.integer("subjects");
        this.seconds = args.integer("seconds");
        this.batchSize = args.integer("batch");
        this.changeBatch = args.integer("change-batch");
        this.batchConcurrency = args.integer("batch-concurrency");
        this.bareEndpoint = args.text("bare-endpoint");
        this.bareStatus = args.integer("bare-status");
        this.root = context.root();
        this.work = context.workDir("consent");
        this.args = args;
    }

    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) throws Exception {
        return new ConsentBenchmark(context, BenchmarkArgs.parse("consent", arguments, DEFAULTS, QUICK, context.quick())).run();
    }

    private SuiteReport.Section run() throws Exception {
        Path jar = SuitePlatform.serviceJar(root, SERVICE);
        log("starting PostgreSQL, Kafka, the token issuer and " + SERVICE + " ...");
        try (LocalPlatform platform = SuitePlatform.builder(work)
                .databases(RAW_DATABASE)
                .topics("raw-limit")
                .service(service(jar, args.serviceJvmArgs()))
                .start()) {
            PostgresServer postgres = platform.postgres();
            KafkaBroker kafka = platform.kafka();
            ServiceProcess service = platform.service(SERVICE);
            // The product's web backend (its own client: consent-recorder and consent-checker among its roles).
            String token = platform.issuer().clientToken(RealmClients.WEB_BACKEND, Duration.ofHours(2));
            Figures figures = new Figures();
            List<SuiteReport.CpuUse> cpu = new ArrayList<>();
            ExecutorService httpThreads = Executors.newFixedThreadPool(4);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads).build();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                String base = service.baseUrl();
                log("warm-up ...");
                changesEndToEnd(http, pool, base, token, kafka.bootstrapServers(), Math.min(2000, changes), "warm", 1, null);
                changesEndToEnd(http, pool, base, token, kafka.bootstrapServers(), Math.min(2000, changes), "warmb", changeBatch, null);
                timedLoop(pool, 3, () -> get(http, base + "/q/health/live", null));
                timedLoop(pool, 3, () -> get(http, base + bareEndpoint, token, bareStatus));
                timedLoop(pool, 3, () -> get(http, base + "/consents/effective?purpose=marketing-email&subjectId=s-warm-1", token));

                log("raw limits ...");
                double[] rate = new double[1];
                // Their CPU per process too: what the database, the broker and the callers cost per operation when
                // nothing else is done, the floor under the same processes' share of a change or a query.
                cpu.add(counted(unprofiledPhase(platform, "raw: HTTP no-op GET /q/health/live", "requests", () ->
                        rate[0] = timedLoop(pool, seconds, () -> get(http, base + "/q/health/live", null))), rate[0]));
                figures.rawHttp = rate[0];
                cpu.add(counted(unprofiledPhase(platform, "raw: PostgreSQL, the change's 3 writes per JDBC transaction", "transactions",
                        () -> rate[0] = rawPostgresWrites(postgres, pool)), rate[0]));
                figures.rawPgWrites = rate[0];
                cpu.add(counted(unprofiledPhase(platform, "raw: PostgreSQL, primary-key reads over JDBC", "reads",
                        () -> rate[0] = rawPostgresReads(postgres, pool)), rate[0]));
                figures.rawPgReads = rate[0];
                cpu.add(counted(unprofiledPhase(platform, "raw: Kafka, acks=all idempotent sends", "records",
                        () -> rate[0] = rawKafka(kafka.bootstrapServers())), rate[0]));
                figures.rawKafka = rate[0];

                log("consent changes, HTTP to Kafka ...");
                figures.single.cpu = phase(platform, "changes, one per request", changes, "changes", () ->
                        changesEndToEnd(http, pool, base, token, kafka.bootstrapServers(), changes, "run", 1, figures.single));
                cpu.add(figures.single.cpu);
                log("consent changes in batches of " + changeBatch + ", HTTP to Kafka ...");
                figures.batched.cpu = phase(platform, "changes, " + changeBatch + " per request", changes, "changes", () ->
                        changesEndToEnd(http, pool, base, token, kafka.bootstrapServers(), changes, "runb", changeBatch, figures.batched));
                cpu.add(figures.batched.cpu);

                log("bare authenticated endpoint, then effective-state queries ...");
                cpu.add(counted(phase(platform, "bare authenticated GET " + bareEndpoint, 0, "calls", () ->
                        rate[0] = timedLoop(pool, seconds, () -> get(http, base + bareEndpoint, token, bareStatus))), rate[0]));
                figures.bareAuthenticated = rate[0];
                AtomicInteger next = new AtomicInteger();
                cpu.add(counted(phase(platform, "single effective-state queries", 0, "queries", () ->
                        rate[0] = timedLoop(pool, seconds, () -> get(http, base
                                + "/consents/effective?purpose=marketing-email&subjectId=s-run-" + (next.incrementAndGet() % subjects), token))), rate[0]));
                figures.singleQueries = rate[0];
                String batchBody = batchBody();
                cpu.add(counted(phase(platform, "batch effective-state queries of " + batchSize, 0, "subjects", () ->
                        rate[0] = timedLoop(pool, seconds, () -> post(http, base + "/consents/effective", token, batchBody, 200))),
                        rate[0] * batchSize));
                figures.batchSubjects = rate[0] * batchSize;
            } finally {
                // Non-daemon threads: left running, they would keep this JVM alive after the report.
                pool.shutdownNow();
                httpThreads.shutdownNow();
            }
            return figures.section(this, cpu);
        }
    }

    /** The packaged consent-service with the keys and link base deploy/local gives it (wholePlatform), this platform's own. */
    static LocalPlatform.Service service(Path jar, List<String> jvmArgs) {
        return LocalPlatform.Service.of(SERVICE, jar)
                .withConfig(running -> Map.of(
                        "consent.links.signing-key", running.secret("unsubscribe-links-signing"),
                        "consent.suppression.hmac-key", running.secret("suppression-hmac"),
                        "consent.links.public-base-url", running.serviceUrl(SERVICE)))
                .withJvmArgs(jvmArgs);
    }

    /** A measured phase: the CPU of every process while it ran ({@code operations} 0: a timed loop, count unknown). */
    private SuiteReport.CpuUse phase(LocalPlatform platform, String name, long operations, String operation,
                                     Call phase) throws Exception {
        PerfProfile profile = PerfProfile.start(args.profile(), platform.service(SERVICE).pid(), SERVICE,
                work.resolve("profiles"), name);
        Map<String, Duration> before = CpuTime.snapshot(platform, List.of(SERVICE));
        Map<String, Duration> jitBefore = CpuTime.jitSnapshot(platform, List.of(SERVICE));
        long start = System.nanoTime();
        phase.run();
        return new SuiteReport.CpuUse(name, CpuTime.between(before, CpuTime.snapshot(platform, List.of(SERVICE))),
                (System.nanoTime() - start) / 1e9, operations, operation,
                CpuTime.between(jitBefore, CpuTime.jitSnapshot(platform, List.of(SERVICE))))
                .withProfile(profile == null ? null : profile.stopAndSummarize("the phase \"" + name + "\""));
    }

    /**
     * A phase measured without a profile (a raw limit here: the service is idle or a no-op; the growth benchmark's
     * queries): the CPU of every process while it ran, its operations counted by the caller ({@link #counted}).
     */
    static SuiteReport.CpuUse unprofiledPhase(LocalPlatform platform, String name, String operation, Call phase)
            throws Exception {
        Map<String, Duration> before = CpuTime.snapshot(platform, List.of(SERVICE));
        long start = System.nanoTime();
        phase.run();
        return new SuiteReport.CpuUse(name, CpuTime.between(before, CpuTime.snapshot(platform, List.of(SERVICE))),
                (System.nanoTime() - start) / 1e9, 0, operation);
    }

    /** A timed loop's phase with its operation count (its rate over the phase's time). */
    private static SuiteReport.CpuUse counted(SuiteReport.CpuUse use, double perSecond) {
        return new SuiteReport.CpuUse(use.phase(), use.cpu(), use.wallSeconds(), Math.round(perSecond * use.wallSeconds()),
                use.operation(), use.jit(), use.profile());
    }

    /** Sends {@code count} changes (grant then withdrawal, per subject) and waits until Kafka has every one. */
    private void changesEndToEnd(HttpClient http, ExecutorService pool, String base, String token, String bootstrap,
                                 int count, String prefix, int perRequest, Run run) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> readChanges(bootstrap, prefix, count, seenAt, ready), "consent-changed-reader");
        reader.start();
        ready.await();
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        int clients = perRequest == 1 ? concurrency : Math.min(concurrency, batchConcurrency);
        for (int w = 0; w < clients; w++) {
            workers.add(pool.submit(() -> {
                int first;
                while ((first = next.getAndAdd(perRequest)) < count) {
                    StringBuilder body = new StringBuilder();
                    int last = Math.min(count, first + perRequest);
                    for (int i = first; i < last; i++) {
                        // Each subject alternates grant, withdrawal, grant ...: every change is a real one.
                        String subject = "s-" + prefix + "-" + (i % subjects);
                        boolean granted = (i / subjects) % 2 == 0;
                        body.append(i == first ? "" : ",").append("{\"subjectId\":\"").append(subject)
                                .append("\",\"purpose\":\"marketing-email\",\"granted\":").append(granted).append('}');
                    }
                    long t = System.nanoTime();
                    if (perRequest == 1) {
                        sentAt.put(entryId(post(http, base + "/consents", token, body.toString(), 201)), t);
                    } else {
                        String answer = post(http, base + "/consents/batch", token, "{\"changes\":[" + body + "]}", 200);
                        for (JsonNode result : JSON.readTree(answer).get("results")) {
                            sentAt.put(result.get("entry").get("entryId").asText(), t);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        long acknowledged = System.nanoTime();
        reader.join(Duration.ofMinutes(5).toMillis());
        if (seenAt.size() < count) {
            throw new IllegalStateException("only " + seenAt.size() + " of " + count + " consent-changed records reached Kafka");
        }
        if (run != null) {
            long last = seenAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            run.changesPerSecond = count / ((last - start) / 1e9);
            run.httpAckPerSecond = count / ((acknowledged - start) / 1e9);
            long[] latencies = sentAt.entrySet().stream().filter(e -> seenAt.containsKey(e.getKey()))
                    .mapToLong(e -> seenAt.get(e.getKey()) - e.getValue()).sorted().toArray();
            run.p50Ms = latencies[latencies.length / 2] / 1e6;
            run.p99Ms = latencies[(int) (latencies.length * 0.99)] / 1e6;
        }
    }

    private static void readChanges(String bootstrap, String prefix, int count, Map<String, Long> seenAt, CountDownLatch ready) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        String topic = Events.CONSENT_CHANGED.topic();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            String keyPrefix = "s-" + prefix + "-";
            while (seenAt.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && record.key().startsWith(keyPrefix)) {
                        seenAt.put(field(record.value(), "consentRecordId"), System.nanoTime());
                    }
                }
            }
        }
    }

    /** Runs {@code call} from every worker for {@code seconds}; returns calls per second. */
    private double timedLoop(ExecutorService pool, int seconds, Call call) throws Exception {
        return timedLoop(pool, concurrency, seconds, call);
    }

    /** Runs {@code call} from {@code workers} workers of {@code pool} for {@code seconds}; returns calls per second. */
    static double timedLoop(ExecutorService pool, int workers, int seconds, Call call) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    call.run();
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** The three writes of a change (ledger insert, state upsert, outbox insert) in one transaction, over JDBC. */
    private double rawPostgresWrites(PostgresServer postgres, ExecutorService pool) throws Exception {
        try (Connection c = connect(postgres); Statement s = c.createStatement()) {
            s.execute("create table ledger (id bigserial primary key, entry_id uuid not null, subject_id varchar(200) not null,"
                    + " purpose varchar(60) not null, granted boolean not null, recorded_at timestamptz not null, payload text)");
            s.execute("create index ledger_subject on ledger (subject_id, purpose, id)");
            s.execute("create table state (subject_id varchar(200), purpose varchar(60), granted boolean not null,"
                    + " entry_id uuid not null, changed_at timestamptz not null, primary key (subject_id, purpose))");
            s.execute("create table outbox (id bigserial primary key, event_id uuid not null, topic varchar(100) not null,"
                    + " record_key varchar(200), payload text not null, occurred_at timestamptz not null, published_at timestamptz)");
        }
        AtomicInteger next = new AtomicInteger();
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                Connection c = connect(postgres);
                c.setAutoCommit(false);
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        List<Connection> opened = new ArrayList<>();
        try {
            return timedLoop(pool, seconds, () -> {
                Connection c = connections.get();
                synchronized (opened) {
                    if (!opened.contains(c)) {
                        opened.add(c);
                    }
                }
                String subject = "raw-" + (next.incrementAndGet() % subjects);
                UUID entry = UUID.randomUUID();
                try (PreparedStatement ledger = c.prepareStatement("insert into ledger (entry_id, subject_id, purpose, granted,"
                        + " recorded_at, payload) values (?, ?, 'marketing-email', true, now(), 'platform-settings')");
                     PreparedStatement state = c.prepareStatement("insert into state values (?, 'marketing-email', true, ?, now())"
                             + " on conflict (subject_id, purpose) do update set granted = excluded.granted,"
                             + " entry_id = excluded.entry_id, changed_at = excluded.changed_at");
                     PreparedStatement outbox = c.prepareStatement("insert into outbox (event_id, topic, record_key, payload,"
                             + " occurred_at) values (?, 'consent-changed', ?, ?, now())")) {
                    ledger.setObject(1, entry);
                    ledger.setString(2, subject);
                    ledger.executeUpdate();
                    state.setString(1, subject);
                    state.setObject(2, entry);
                    state.executeUpdate();
                    outbox.setObject(1, UUID.randomUUID());
                    outbox.setString(2, subject);
                    outbox.setString(3, "{\"consentRecordId\":\"" + entry + "\",\"subjectId\":\"" + subject + "\"}");
                    outbox.executeUpdate();
                    c.commit();
                }
            });
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    /** A primary-key read of the state table, what one effective-state query costs the database. */
    private double rawPostgresReads(PostgresServer postgres, ExecutorService pool) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Connection> opened = new ArrayList<>();
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                Connection c = connect(postgres);
                synchronized (opened) {
                    opened.add(c);
                }
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            return timedLoop(pool, seconds, () -> {
                try (PreparedStatement read = connections.get().prepareStatement(
                        "select granted, changed_at from state where subject_id = ? and purpose = 'marketing-email'")) {
                    read.setString(1, "raw-" + (next.incrementAndGet() % subjects));
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                    }
                }
            });
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    /** Records/s a producer like the outbox relay's (acks=all, idempotent) gets from this broker. */
    private double rawKafka(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        String payload = "{\"consentRecordId\":\"" + UUID.randomUUID() + "\",\"subjectId\":\"s-raw-1\",\"purpose\":"
                + "\"marketing-email\",\"granted\":false,\"source\":\"platform-settings\",\"policyVersion\":\"1.0\","
                + "\"recordedAt\":\"2026-02-01T09:00:00Z\"}";
        int count = Math.max(changes * 5, 50_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>("raw-limit", "warm", payload));
            producer.flush();
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("raw-limit", "s-raw-" + (i % subjects), payload));
            }
            producer.flush();
            return count / ((System.nanoTime() - start) / 1e9);
        }
    }

    private String batchBody() {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < batchSize; i++) {
            ids.append(i == 0 ? "" : ",").append("\"s-run-").append(i % subjects).append('"');
        }
        return "{\"purpose\":\"marketing-email\",\"subjectIds\":[" + ids + "]}";
    }

    private static String get(HttpClient http, String url, String token) {
        return get(http, url, token, 200);
    }

    static String get(HttpClient http, String url, String token, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(http, request.build(), expected);
    }

    static String post(HttpClient http, String url, String token, String body, int expected) {
        return send(http, HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), expected);
    }

    private static String send(HttpClient http, HttpRequest request, int expected) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered "
                        + response.statusCode() + " instead of " + expected);
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String entryId(String body) {
        return field(body, "entryId");
    }

    private static String field(String json, String name) {
        try {
            JsonNode node = JSON.readTree(json).get(name);
            if (node == null) {
                throw new IllegalStateException("no " + name + " in the answer");
            }
            return node.asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(RAW_DATABASE), postgres.username(), postgres.password());
    }

    private static void log(String line) {
        System.out.println("[benchmark] " + line);
    }

    @FunctionalInterface
    interface Call {
        void run() throws Exception;
    }

    /** One run of changes: end-to-end rate, HTTP rate, send-to-Kafka latencies, CPU per process. */
    private static final class Run {
        double changesPerSecond;
        double httpAckPerSecond;
        double p50Ms;
        double p99Ms;
        SuiteReport.CpuUse cpu;

        String describe() {
            return SuiteReport.format("%,.0f changes/s (HTTP answered at %,.0f/s; p50 %.0f ms, p99 %.0f ms to Kafka)",
                    changesPerSecond, httpAckPerSecond, p50Ms, p99Ms);
        }
    }

    private static final class Figures {
        final Run single = new Run();
        final Run batched = new Run();
        double rawHttp;
        double rawPgWrites;
        double rawPgReads;
        double rawKafka;
        double bareAuthenticated;
        double singleQueries;
        double batchSubjects;

        SuiteReport.Section section(ConsentBenchmark b, List<SuiteReport.CpuUse> cpu) {
            List<SuiteReport.Figure> figures = List.of(
                    SuiteReport.Figure.withRaw("consent changes, one per request, HTTP to Kafka record", single.changesPerSecond,
                            "changes/s", rawPgWrites, "the change's 3 writes per JDBC transaction", SuiteReport.Target.atLeast(2000)),
                    SuiteReport.Figure.withRaw("consent changes, " + b.changeBatch + " per request (POST /consents/batch, "
                                    + Math.min(b.concurrency, b.batchConcurrency) + " clients)", batched.changesPerSecond,
                            "changes/s", rawPgWrites, "the change's 3 writes per JDBC transaction", null),
                    SuiteReport.Figure.withRaw("single effective-state queries (GET /consents/effective)", singleQueries,
                            "requests/s", bareAuthenticated, "bare authenticated GET", SuiteReport.Target.atLeastOfRaw(0.5)),
                    SuiteReport.Figure.withRaw("effective-state queries, batches of " + b.batchSize + " (POST)", batchSubjects,
                            "subjects/s", rawPgReads, "primary-key reads over JDBC", SuiteReport.Target.atLeast(20_000)));
            String details = SuiteReport.format("""
                    | measure | figure |
                    |---|---|
                    | consent changes, one per request | %s |
                    | consent changes, %,d per request | %s |
                    | single effective-state queries | %,.0f queries/s |
                    | bare authenticated endpoint: GET %s (same token, role check, answered %d, no database) | %,.0f requests/s |
                    | batch effective-state queries of %,d | %,.0f subjects/s |
                    | raw: HTTP no-op (GET /q/health/live, no token) | %,.0f requests/s |
                    | raw: PostgreSQL, the change's 3 writes (ledger, state upsert, outbox) per transaction over JDBC | %,.0f tx/s |
                    | raw: PostgreSQL, primary-key read over JDBC | %,.0f reads/s |
                    | raw: Kafka, acks=all idempotent producer | %,.0f records/s |

                    Options: %s. The batch query's target (20,000 subjects/s) is issue 5's.
                    """, single.describe(), b.changeBatch, batched.describe(), singleQueries, b.bareEndpoint, b.bareStatus,
                    bareAuthenticated, b.batchSize, batchSubjects, rawHttp, rawPgWrites, rawPgReads, rawKafka, b.args.describe());
            return new SuiteReport.Section("consent", figures, cpu, details);
        }
    }
}
