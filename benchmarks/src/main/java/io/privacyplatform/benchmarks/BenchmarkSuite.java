package io.privacyplatform.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark suite ({@code benchmarks/run}): runs every benchmark, or the named ones, one after the other, each
 * on its own fresh {@link SuitePlatform} and next to its raw limit measured in the same run, then prints and writes
 * ONE report ({@code benchmarks/target/benchmark-report.md}) with every figure, its raw limit, ratio and target, the
 * date, the machine and the CPU each process used.
 * <p>
 * Command line: {@code [--quick] [--report FILE] [--work-dir DIR] [NAME [OPTIONS]]...}; the options after a name are
 * that benchmark's.
 */
public final class BenchmarkSuite {

    /** Held so that the level set on it sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");

    /** What a benchmark gets from the suite: where the repository and its work directory are, and the size. */
    record Context(Path root, Path workRoot, boolean quick) {

        /** An empty directory of its own under the suite's work directory (wiped by the platform's start). */
        Path workDir(String benchmark) {
            return workRoot.resolve(benchmark);
        }
    }

    @FunctionalInterface
    interface Benchmark {
        SuiteReport.Section run(Context context, List<String> args) throws Exception;
    }

    /** Every benchmark, in the order {@code benchmarks/run} runs them. */
    static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("partner-sync", BenchmarkSuite::partnerSync);
        BENCHMARKS.put("filing", FilingBenchmark::run);
        BENCHMARKS.put("consent", ConsentBenchmark::run);
        BENCHMARKS.put("sweep", SweepBenchmark::run);
        BENCHMARKS.put("datastore", DatastoreBenchmark::run);
        BENCHMARKS.put("restart", RestartBenchmark::run);
        BENCHMARKS.put("growth", GrowthBenchmark::run);
    }

    /** Benchmarks run only when named: not part of "every benchmark" (the soak takes 10-20 min and kills everything). */
    static final Map<String, Benchmark> SEPARATE = new LinkedHashMap<>();

    static {
        SEPARATE.put("soak", SoakBenchmark::run);
    }

    static final String USAGE = """
            usage: benchmarks/run [--rebuild] [--quick] [--report FILE] [--work-dir DIR] [NAME [OPTIONS]]...
              NAME: partner-sync, filing, consent, sweep, datastore, restart, growth (none: all of them, in this order); the options
                    after a name are that benchmark's (benchmarks/README.md), e.g.
                    benchmarks/run filing --requests 20000 consent --seconds 30
              soak: only when named (benchmarks/run soak): 10,000 erasures under faults, 15-25 min
              --rebuild      build the services and the benchmarks first (after a change; benchmarks/run only)
              --quick        small sizes, to check that everything runs (about 6 min); not the issue's figures
              --report FILE  default benchmarks/target/benchmark-report.md
              --work-dir DIR default benchmarks/target/benchmark-run (one directory per benchmark, wiped at its start)
            options of each benchmark (default; --quick):
            """;

    private BenchmarkSuite() {
    }

    public static void main(String[] args) {
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        Path root = root();
        boolean quick = false;
        Path report = root.resolve("benchmarks/target/benchmark-report.md");
        Path workRoot = root.resolve("benchmarks/target/benchmark-run");
        Map<String, List<String>> selected = new LinkedHashMap<>();
        List<String> current = null;
        // Every benchmark option takes a value: the word after "--parts" is its value even when it names a
        // benchmark ("growth --parts sweep").
        boolean valueExpected = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (current != null && valueExpected) {
                    current.add(arg);
                    valueExpected = false;
                } else if (BENCHMARKS.containsKey(arg) || SEPARATE.containsKey(arg)) {
                    current = selected.computeIfAbsent(arg, name -> new ArrayList<>());
                } else if (current != null) {
                    current.add(arg);
                    valueExpected = arg.startsWith("--") && !arg.contains("=") && !arg.equals("--help");
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    System.out.print(usage());
                    return;
                } else if (arg.equals("--quick")) {
                    quick = true;
                } else if (arg.equals("--report") && i + 1 < args.length) {
                    report = Path.of(args[++i]).toAbsolutePath().normalize();
                } else if (arg.equals("--work-dir") && i + 1 < args.length) {
                    workRoot = Path.of(args[++i]).toAbsolutePath().normalize();
                } else {
                    throw new IllegalArgumentException("unknown benchmark or option " + arg + " (a benchmark's options come after its name)");
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(usage());
            System.exit(2);
            return;
        }
        if (selected.isEmpty()) {
            BENCHMARKS.keySet().forEach(name -> selected.put(name, List.of()));
        }

        Context context = new Context(root, workRoot, quick);
        SuiteReport suite = new SuiteReport("benchmarks/run " + String.join(" ", args));
        for (Map.Entry<String, List<String>> entry : selected.entrySet()) {
            String name = entry.getKey();
            System.out.println("[suite] " + name + " ...");
            long start = System.nanoTime();
            try {
                suite.add(BENCHMARKS.getOrDefault(name, SEPARATE.get(name)).run(context, entry.getValue()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                suite.failed(name, e);
                break;
            } catch (Exception | OutOfMemoryError | StackOverflowError e) {
                // One benchmark failing must not cost the others' figures: report it and go on. An OutOfMemoryError
                // too (a benchmark's own data, e.g. a sweep at millions of subjects): its objects are gone by now.
                e.printStackTrace();
                suite.failed(name, e);
            }
            System.out.println("[suite] " + name + " done in " + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
        }
        String text = suite.render(root);
        System.out.println();
        System.out.println(text);
        suite.write(report, text);
        System.out.println("[suite] report written to " + report);
        // Kafka clients and HTTP executors leave non-daemon threads behind.
        System.exit(suite.anyFailed() ? 1 : 0);
    }

    private static String usage() {
        StringBuilder out = new StringBuilder(USAGE);
        out.append("  partner-sync: its own options (benchmarks/run partner-sync --help prints them); --quick:")
                .append(" --runs mix,mix@200 --orders 200 --warmup 20\n");
        out.append("  filing: ").append(FilingBenchmark.OPTIONS).append('\n');
        out.append("  consent: ").append(ConsentBenchmark.OPTIONS).append('\n');
        out.append("  sweep: ").append(SweepBenchmark.OPTIONS).append('\n');
        out.append("  datastore: ").append(DatastoreBenchmark.OPTIONS).append('\n');
        out.append("  restart: ").append(RestartBenchmark.OPTIONS).append('\n');
        out.append("  growth: ").append(GrowthBenchmark.OPTIONS).append('\n');
        out.append("  soak (only when named): ").append(SoakBenchmark.OPTIONS).append('\n');
        return out.toString();
    }

    /** {@code -Dplatform.root} (set by benchmarks/run), else the working directory. */
    static Path root() {
        return Path.of(System.getProperty("platform.root", ".")).toAbsolutePath().normalize();
    }

    // ---- partner-sync: PartnerSyncBenchmark as it is, its runs turned into the suite's figures ----

    private static final List<String> PARTNER_SYNC_QUICK = List.of("--runs", "mix,mix@200", "--orders", "200", "--warmup", "20");

    private static SuiteReport.Section partnerSync(Context context, List<String> args) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            System.out.print(BenchmarkOptions.USAGE);
            throw new IllegalArgumentException("partner-sync: --help printed, nothing run");
        }
        List<String> all = new ArrayList<>(List.of("--work-dir", context.workDir("partner-sync").toString()));
        if (context.quick()) {
            all.addAll(PARTNER_SYNC_QUICK);
        }
        all.addAll(args); // later options win
        BenchmarkOptions options = BenchmarkOptions.parse(all.toArray(String[]::new));
        List<RunResult> runs = new PartnerSyncBenchmark(options).run();

        List<SuiteReport.Figure> figures = new ArrayList<>();
        List<SuiteReport.CpuUse> cpu = new ArrayList<>();
        for (RunResult run : runs) {
            boolean mix = run.scenario().name().equals("mix");
            String label = run.label() + (run.allComplete() ? "" : SuiteReport.format(" (%d/%d complete)", run.completed(), run.orders()));
            if (mix && run.rate() == 0) {
                figures.add(SuiteReport.Figure.of(label + ": orders/s, published all at once", run.throughput(), "orders/s",
                        SuiteReport.Target.atLeast(RunResult.TARGET_ORDERS_PER_SECOND)));
                figures.add(SuiteReport.Figure.of(label + ": partner-sync CPU per order", partnerSyncCpuMillis(run), "ms",
                        SuiteReport.Target.atMost(3)));
                figures.add(SuiteReport.Figure.of(label + ": the same without its JIT compiler threads (warm-up work)",
                        partnerSyncCpuMillis(run) - run.serviceJitMillisPerOrder(), "ms", SuiteReport.Target.atMost(3)));
            } else if (mix && run.rate() >= RunResult.TARGET_ORDERS_PER_SECOND) {
                figures.add(SuiteReport.Figure.of(label + ": p99, order to last confirmation", run.percentile(99), "ms",
                        SuiteReport.Target.atMost(RunResult.TARGET_P99_MILLIS)));
                figures.add(SuiteReport.Figure.of(label + ": orders/s", run.throughput(), "orders/s", null));
            } else {
                figures.add(SuiteReport.Figure.of(label + ": orders/s", run.throughput(), "orders/s", null));
            }
            cpu.add(new SuiteReport.CpuUse(run.label(), run.cpu(), run.cpuWindowSeconds(), run.orders(), "orders",
                    Map.of("partner-sync", run.serviceJit())));
        }
        String details = Files.isRegularFile(options.reportFile())
                ? Files.readString(options.reportFile(), StandardCharsets.UTF_8).replaceFirst("(?m)^## .*\\n", "")
                : "(PartnerSyncBenchmark wrote no report)";
        return new SuiteReport.Section("partner-sync", figures, cpu,
                "PartnerSyncBenchmark (benchmarks/README.md, \"partner-sync\"); its targets are absolute: its limit is the"
                        + " partners' rate limits (README). Its own report:\n\n" + details);
    }

    /** The service's CPU per order of one run, in ms (the part named after the service in PartnerSyncBenchmark's CPU). */
    private static double partnerSyncCpuMillis(RunResult run) {
        return run.cpu().entrySet().stream().filter(part -> part.getKey().startsWith("partner-sync"))
                .mapToDouble(part -> part.getValue().toNanos() / 1e6).sum() / Math.max(1, run.orders());
    }
}
