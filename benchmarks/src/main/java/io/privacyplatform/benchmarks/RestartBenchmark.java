package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.ServiceProcess;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The restart figure (issue 16, item 5; platform-support README, "Consumer groups and restarts"): a service is
 * restarted cleanly (SIGTERM) and with SIGKILL, several times each; after each restart, once the service is ready, one
 * erasure order expecting only that service's system is published and the time to its confirmation is taken from the
 * two records' broker timestamps. Target: the first event consumed within 3 s of the restarted service being ready.
 * <p>
 * {@link #measure} runs on any {@link LocalPlatform} holding the service (the suite's shared one); {@link #main}
 * starts the whole platform on its own: {@code RestartBenchmark [--restarts N] [--work-dir DIR]}.
 */
public final class RestartBenchmark {

    /** The target of the figure: the first event consumed within 3 s of the restarted service being ready. */
    public static final Duration TARGET = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(120);

    /** The samples of one kind of restart of one service, in milliseconds from ready to the first event consumed. */
    public record Figure(String service, String restart, List<Long> consumedMillis, List<Long> stopMillis) {

        public long median() {
            List<Long> sorted = consumedMillis.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }

        public long max() {
            return consumedMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
        }

        /** One report line: the median, the maximum, the target and the ratio of the median to it. */
        public String line() {
            return String.format("restart %-18s %-8s first event consumed after ready: median %,d ms, max %,d ms over %d"
                            + " (target <= %,d ms, ratio %.2f; stop median %,d ms)", service, restart, median(), max(),
                    consumedMillis.size(), TARGET.toMillis(), median() / (double) TARGET.toMillis(),
                    stopMillis.stream().sorted().toList().get(stopMillis.size() / 2));
        }
    }

    private RestartBenchmark() {
    }

    /**
     * Restarts {@code service} {@code restarts} times cleanly, then as many times with SIGKILL, on a platform where it
     * confirms erasure orders as {@code system}.
     */
    public static List<Figure> measure(LocalPlatform platform, String service, String system, int restarts) {
        try (KafkaTestClient kafka = new KafkaTestClient(platform.kafka().bootstrapServers())) {
            ErasureEvents erasures = new ErasureEvents(kafka, WAIT);
            firstEventConsumedMillis(kafka, erasures, system); // the group is settled before the first restart
            List<Figure> figures = new ArrayList<>();
            for (String kind : List.of("clean", "SIGKILL")) {
                List<Long> consumed = new ArrayList<>();
                List<Long> stops = new ArrayList<>();
                for (int i = 0; i < restarts; i++) {
                    stops.add(stop(platform.service(service), kind.equals("SIGKILL")));
                    platform.restart(service);
                    consumed.add(firstEventConsumedMillis(kafka, erasures, system));
                }
                figures.add(new Figure(service, kind, List.copyOf(consumed), List.copyOf(stops)));
            }
            return figures;
        }
    }

    private static final Map<String, String> DEFAULTS = Map.of("restarts", "3");
    private static final Map<String, String> QUICK = Map.of("restarts", "1");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    /** The suite's entry: the whole platform from an empty directory, consent- and retention-service restarted. */
    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) {
        BenchmarkArgs args = BenchmarkArgs.parse("restart", arguments, DEFAULTS, QUICK, context.quick());
        int restarts = args.integer("restarts");
        List<Figure> figures = new ArrayList<>();
        try (LocalPlatform platform = LocalPlatform.wholePlatform(context.root(), context.workDir("restart"),
                LocalPlatform.Ports.free(), Map.of()).serviceJvmArgs(args.givenServiceJvmArgs()).fresh().start()) {
            figures.addAll(measure(platform, "consent-service", "consent", restarts));
            figures.addAll(measure(platform, "retention-service", "retention", restarts));
        }
        List<SuiteReport.Figure> reported = new ArrayList<>();
        StringBuilder details = new StringBuilder("Seconds from the restarted service being ready to its first event"
                + " consumed (broker timestamps of the order and its confirmation), " + restarts + " restarts each"
                + BenchmarkArgs.describeJvmArgs(args.givenServiceJvmArgs())
                + ":\n\n");
        for (Figure figure : figures) {
            reported.add(SuiteReport.Figure.of(figure.service() + ", " + figure.restart() + " restart: first event, max of "
                    + restarts, figure.max() / 1000.0, "s", SuiteReport.Target.atMost(TARGET.toMillis() / 1000.0)));
            details.append("- ").append(figure.line()).append('\n');
        }
        return new SuiteReport.Section("restart", reported, List.of(), details.toString());
    }

    public static void main(String[] args) {
        int restarts = 3;
        Path workDir = Path.of("benchmarks/target/restart-run");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--restarts" -> restarts = Integer.parseInt(args[++i]);
                case "--work-dir" -> workDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("usage: RestartBenchmark [--restarts N] [--work-dir DIR]");
            }
        }
        Path root = Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
        try (LocalPlatform platform = LocalPlatform.wholePlatform(root, workDir, LocalPlatform.Ports.free(), Map.of())
                .fresh().start()) {
            List<Figure> figures = new ArrayList<>();
            figures.addAll(measure(platform, "consent-service", "consent", restarts));
            figures.addAll(measure(platform, "retention-service", "retention", restarts));
            figures.forEach(figure -> System.out.println(figure.line()));
        }
    }

    /** Stops the service (SIGTERM, or SIGKILL) and returns how long it took to be gone. */
    private static long stop(ServiceProcess process, boolean kill) {
        long began = System.nanoTime();
        ProcessHandle handle = ProcessHandle.of(process.pid()).orElse(null);
        if (handle == null) {
            return 0;
        }
        if (kill) {
            handle.destroyForcibly();
        } else {
            process.stop();
        }
        try {
            handle.onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(process.name() + " did not stop", e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
    }

    /** Publishes an order expecting only {@code system}; milliseconds between its and its confirmation's timestamps. */
    private static long firstEventConsumedMillis(KafkaTestClient kafka, ErasureEvents erasures, String system) {
        ErasureOrdered order = ErasureEvents.order("usr-restart-" + UUID.randomUUID(), List.of(system), List.of());
        RecordMetadata published = erasures.publish(order);
        ConsumerRecord<String, String> confirmation = kafka.awaitRecord(Events.ERASURE_CONFIRMED.topic(),
                ErasureEvents.confirmationOf(order, system), WAIT);
        return confirmation.timestamp() - published.timestamp();
    }
}
