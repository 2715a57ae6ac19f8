package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.launchers.KafkaBroker;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.launchers.LocalPlatform;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Filing throughput and latency of {@code POST /requests} with a bearer token, against the packaged request-service
 * on a real PostgreSQL and Kafka, next to the raw limit measured in the same run on the same servers: a plain JDBC
 * insert of a request-sized row, committed, then a Kafka send with the same durability (acks=all, idempotent),
 * awaited. Both sides run the same number of concurrent callers. Part of the suite: {@code benchmarks/run filing}.
 */
final class FilingBenchmark {

    private static final String SERVICE = "request-service";
    private static final String RAW_DATABASE = "raw_baseline";
    private static final String BODY = "{\"type\":\"ACCESS\",\"details\":\"Please include what your partners hold.\"}";
    private static final Map<String, String> DEFAULTS = ordered("requests", "5000", "warmup", "500", "concurrency", "16", "subjects", "2000",
            BenchmarkArgs.PROFILE, PerfProfile.NONE);
    private static final Map<String, String> QUICK = Map.of("requests", "500", "warmup", "100", "subjects", "200");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    private record Options(int requests, int warmup, int concurrency, int subjects) {

        static Options of(BenchmarkArgs args) {
            return new Options(args.integer("requests"), args.integer("warmup"), args.integer("concurrency"), args.integer("subjects"));
        }
    }

    /** Latencies in nanoseconds of the measured calls, and the wall time of the whole measured phase. */
    private record Run(String name, long[] latencies, long wallNanos, int failures) {

        double perSecond() {
            return latencies.length / (wallNanos / 1e9);
        }

        double percentileMillis(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            int index = Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1);
            return sorted[Math.max(0, index)] / 1e6;
        }
    }

    /** One call to measure; the argument is the call's sequence number. */
    @FunctionalInterface
    private interface Call {
        boolean run(int sequence) throws Exception;
    }

    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) throws Exception {
        BenchmarkArgs args = BenchmarkArgs.parse("filing", arguments, DEFAULTS, QUICK, context.quick());
        Options options = Options.of(args);
        Path jar = SuitePlatform.serviceJar(context.root(), SERVICE);
        Path work = context.workDir("filing");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("requests.encryption.key", Base64.getEncoder().encodeToString(randomBytes()));
        config.put("requests.person-links.signing-key", Base64.getEncoder().encodeToString(randomBytes()));
        config.put("requests.person-links.base-url", "http://127.0.0.1");
        config.put("quarkus.mailer.mock", "true");
        config.put("quarkus.log.level", "WARN");
        List<String> jvmArgs = new ArrayList<>(List.of("-Xmx384m"));
        jvmArgs.addAll(args.serviceJvmArgs());
        try (LocalPlatform platform = SuitePlatform.builder(work)
                .databases(RAW_DATABASE)
                .topics("raw-baseline")
                .service(LocalPlatform.Service.of(SERVICE, jar).withConfig(config).withJvmArgs(jvmArgs))
                .start()) {
            PostgresServer postgres = platform.postgres();
            KafkaBroker kafka = platform.kafka();
            Run service;
            long publishedAfterNanos;
            List<SuiteReport.CpuUse> cpu = new ArrayList<>();
            // The service stops before the raw baseline, which then has the machine to itself.
            try (ServiceProcess process = platform.service(SERVICE)) {
                System.out.printf("request-service started in %d ms; %d callers, %d warm-up + %d measured filings%n",
                        process.startupTime().toMillis(), options.concurrency(), options.warmup(), options.requests());
                String[] tokens = new String[options.subjects()];
                for (int i = 0; i < tokens.length; i++) {
                    tokens[i] = platform.issuer().token("bench-" + i, Set.of("data-subject"), Duration.ofHours(2));
                }
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newFixedThreadPool(options.concurrency())).build();
                URI uri = URI.create(process.baseUrl() + "/requests");
                Call file = sequence -> {
                    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + tokens[sequence % tokens.length])
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
                    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201;
                };
                measure("warm-up", options.warmup(), options.concurrency(), file, 0);
                PerfProfile profile = PerfProfile.start(args.profile(), process.pid(), SERVICE, work.resolve("profiles"),
                        "filings");
                Map<String, Duration> before = CpuTime.snapshot(platform, List.of(SERVICE));
                Map<String, Duration> jitBefore = CpuTime.jitSnapshot(platform, List.of(SERVICE));
                service = measure("POST /requests", options.requests(), options.concurrency(), file, options.warmup());
                long end = System.nanoTime();
                awaitRecords(kafka.bootstrapServers(), Events.REQUEST_FILED.topic(), options.warmup() + options.requests());
                publishedAfterNanos = System.nanoTime() - end;
                cpu.add(new SuiteReport.CpuUse("POST /requests, until every record is on Kafka",
                        CpuTime.between(before, CpuTime.snapshot(platform, List.of(SERVICE))),
                        (service.wallNanos() + publishedAfterNanos) / 1e9, options.requests(), "filings",
                        CpuTime.between(jitBefore, CpuTime.jitSnapshot(platform, List.of(SERVICE))))
                        .withProfile(profile == null ? null : profile.stopAndSummarize("the measured filings")));
            }

            Map<String, Duration> before = CpuTime.snapshot(platform, List.of());
            long rawStart = System.nanoTime();
            Run raw = raw(options, postgres, kafka.bootstrapServers());
            double rawSeconds = (System.nanoTime() - rawStart) / 1e9;
            Map<String, Duration> rawCpu = new LinkedHashMap<>();
            rawCpu.put(SERVICE, Duration.ZERO); // stopped
            rawCpu.putAll(CpuTime.between(before, CpuTime.snapshot(platform, List.of())));
            cpu.add(new SuiteReport.CpuUse("raw limit, its warm-up included", rawCpu, rawSeconds,
                    options.warmup() + options.requests(), "raw filings (warm-up included)"));
            return section(options, args, service, raw, publishedAfterNanos, cpu);
        }
    }

    /** The raw limit: the same durability as a filing (a committed row, then a record acknowledged by every replica). */
    private static Run raw(Options options, PostgresServer postgres, String bootstrapServers) throws Exception {
        try (Connection setup = DriverManager.getConnection(postgres.jdbcUrl(RAW_DATABASE), postgres.username(), postgres.password())) {
            setup.createStatement().execute("""
                    create table raw_request (id uuid primary key, subject_id text not null, type text not null,
                        status text not null, details_ct text, filed_at timestamptz not null, due_on date not null)""");
            setup.createStatement().execute("create index on raw_request (subject_id, type)");
        }
        Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // One connection per caller, as a pool would give.
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                Connection connection = DriverManager.getConnection(postgres.jdbcUrl(RAW_DATABASE), postgres.username(), postgres.password());
                connection.setAutoCommit(false);
                return connection;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        String ciphertext = "v1." + Base64.getEncoder().encodeToString(new byte[96]);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            Call insertAndSend = sequence -> {
                Connection connection = connections.get();
                UUID id = UUID.randomUUID();
                String subject = "bench-" + (sequence % options.subjects());
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into raw_request values (?, ?, 'ACCESS', 'FILED', ?, ?, ?)")) {
                    insert.setObject(1, id);
                    insert.setString(2, subject);
                    insert.setString(3, ciphertext);
                    insert.setTimestamp(4, Timestamp.from(Instant.now()));
                    insert.setObject(5, LocalDate.now().plusMonths(1));
                    insert.executeUpdate();
                }
                connection.commit();
                producer.send(new ProducerRecord<>("raw-baseline", subject, "{\"requestId\":\"" + id + "\",\"subjectId\":\""
                        + subject + "\",\"requestType\":\"ACCESS\"}")).get();
                return true;
            };
            measure("raw warm-up", options.warmup(), options.concurrency(), insertAndSend, 0);
            return measure("raw JDBC insert + Kafka send", options.requests(), options.concurrency(), insertAndSend, options.warmup());
        }
    }

    private static Run measure(String name, int count, int concurrency, Call call, int offset) throws InterruptedException {
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            running.add(callers.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    boolean ok;
                    try {
                        ok = call.run(offset + i);
                    } catch (Exception e) {
                        ok = false;
                    }
                    latencies[i] = System.nanoTime() - begin;
                    if (!ok) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        long wall = System.nanoTime() - start;
        callers.shutdown();
        if (failures.get() > 0) {
            System.out.printf("%s: %d of %d calls failed%n", name, failures.get(), count);
        }
        return new Run(name, latencies, wall, failures.get());
    }

    /** Waits until the topic holds {@code expected} records: the outbox relay has published every filing. */
    private static void awaitRecords(String bootstrapServers, String topic, long expected) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions); // poll refuses a consumer with nothing assigned
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            long total = 0;
            while (System.nanoTime() < deadline) {
                total = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                if (total >= expected) {
                    return;
                }
                consumer.poll(Duration.ofMillis(50)); // paces the loop without sleeping
            }
            throw new IllegalStateException("only " + total + " of " + expected + " request-filed records published");
        }
    }

    private static SuiteReport.Section section(Options options, BenchmarkArgs args, Run service, Run raw, long publishedAfterNanos,
                                               List<SuiteReport.CpuUse> cpu) {
        StringBuilder out = new StringBuilder();
        out.append("| run | filings/s | p50 ms | p99 ms | failures |\n|---|---:|---:|---:|---:|\n");
        for (Run run : List.of(service, raw)) {
            out.append(SuiteReport.format("| %s | %.0f | %.1f | %.1f | %d |%n", run.name(), run.perSecond(),
                    run.percentileMillis(50), run.percentileMillis(99), run.failures()));
        }
        out.append(SuiteReport.format("%nEvery request-filed record on Kafka %d ms after the last answer. Options: %s.%n",
                publishedAfterNanos / 1_000_000, args.describe()));
        List<SuiteReport.Figure> figures = List.of(SuiteReport.Figure.withRaw("POST /requests" + failures(service),
                service.perSecond(), "filings/s", raw.perSecond(), "JDBC insert + Kafka send" + failures(raw),
                SuiteReport.Target.atLeastOfRaw(0.5)));
        return new SuiteReport.Section("filing", figures, cpu, out.toString());
    }

    private static String failures(Run run) {
        return run.failures() == 0 ? "" : " (" + run.failures() + " failed)";
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private FilingBenchmark() {
    }
}
