package io.privacyplatform.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of {@link PartnerSyncBenchmark}; every option has a default, so no argument runs the benchmark of
 * issue 3 (1,000 orders, 20 ms partners).
 *
 * @param root          the repository root
 * @param serviceJar    the packaged partner-sync-service (default: the repository's target/quarkus-app)
 * @param runs          what to measure, in order
 * @param orders        orders per run
 * @param warmup        warm-up orders (not reported), published in runs of {@code orders}
 * @param latency       every partner answers this long after the call
 * @param stripeShare   share of the subjects of the mix with a Stripe customer
 * @param hubspotShare  share of the subjects of the mix with a HubSpot contact
 * @param runTimeout    a run stops waiting for confirmations after this (reported as incomplete)
 * @param configFile    partner-sync configuration for the benchmark (rate limits, worker)
 * @param serviceConfig overrides of the configuration file ({@code --set key=value})
 * @param serviceJvmArgs added to the service's JVM options ({@code --service-jvm-arg}, after ServiceProcess's own)
 * @param workDir       Kafka, PostgreSQL, issuer key and service log; wiped at each start
 * @param reportFile    the Markdown report written at the end
 * @param instances     partner-sync-service processes sharing the work (one consumer group, one database)
 * @param profile       a perf profile of partner-sync over each measured run ({@code --profile perf}, {@link PerfProfile})
 */
record BenchmarkOptions(Path root, Path serviceJar, List<RunSpec> runs, int orders, int warmup, Duration latency, double stripeShare,
                        double hubspotShare, Duration runTimeout, Path configFile, Map<String, String> serviceConfig,
                        List<String> serviceJvmArgs, Path workDir, Path reportFile, int instances,
                        boolean profile) {

    static final String USAGE = """
            usage: benchmarks/run [--rebuild] [options]
              --runs LIST          runs in order, each SCENARIO or SCENARIO@RATE (orders/s published at that pace;
                                   without @RATE all orders are published at once). Scenarios: mix, stripe, hubspot,
                                   openai. Default: mix,mix@200,stripe,hubspot,openai
              --orders N           orders per run (default 1000)
              --warmup N           warm-up orders, not reported, published in runs of --orders (default 8000;
                                   0 = none)
              --latency-ms N       partner answer latency (default 20)
              --stripe-share X     mix: share of subjects with a Stripe customer (default 0.2)
              --hubspot-share X    mix: share of subjects with a HubSpot contact (default 0.04)
              --timeout-s N        wait at most N s for one run's confirmations (default 600)
              --config FILE        partner-sync configuration (default benchmarks/partner-sync.properties)
              --set KEY=VALUE      partner-sync configuration override, repeatable
              --service-jvm-arg A  JVM option of the service, after the launchers' (-Xmx256m -XX:+UseSerialGC
                                   -XX:TieredStopAtLevel=1) and the suite's -XX:TieredStopAtLevel=4 (the JVM's
                                   full tiered compilation), repeatable; e.g. -XX:TieredStopAtLevel=1 for C1 only
              --service-jar JAR    partner-sync-service's quarkus-run.jar (default
                                   partner-sync-service/target/quarkus-app/quarkus-run.jar)
              --work-dir DIR       default benchmarks/target/benchmark-run (wiped at start)
              --report FILE        default benchmarks/target/partner-sync-benchmark.md
              --instances N        partner-sync-service processes sharing the work: the same consumer group and
                                   database, sharing each partner's rate limit (default 1)
              --profile perf|none  perf profile of partner-sync over each measured run, in the report: by thread,
                                   Java / JVM / kernel, the busiest functions (needs perf; default none)
            """;

    /** One measured run: a scenario, its orders published at once (rate 0) or at a fixed pace. */
    record RunSpec(String scenario, double rate) {

        static RunSpec parse(String text) {
            String[] parts = text.trim().split("@", 2);
            String scenario = parts[0].trim();
            if (!Scenario.NAMES.contains(scenario)) {
                throw new IllegalArgumentException("unknown scenario '" + scenario + "', expected one of " + Scenario.NAMES);
            }
            double rate = parts.length == 2 ? Double.parseDouble(parts[1].trim()) : 0;
            if (rate < 0) {
                throw new IllegalArgumentException("rate must be positive: " + text);
            }
            return new RunSpec(scenario, rate);
        }

        boolean burst() {
            return rate == 0;
        }

        @Override
        public String toString() {
            return burst() ? scenario : scenario + "@" + (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate));
        }
    }

    /**
     * Warm-up orders before the measured runs: about what the JIT needs to compile the hot paths (measured: partner-sync's
     * compiler threads still used a third of its CPU after 4,000 orders, under a fifth after 8,000).
     */
    static final int DEFAULT_WARMUP = 8000;

    static BenchmarkOptions parse(String[] args) {
        Path root = repositoryRoot();
        String runs = "mix,mix@200,stripe,hubspot,openai";
        int orders = 1000;
        int warmup = DEFAULT_WARMUP;
        long latencyMs = 20;
        double stripeShare = 0.2;
        double hubspotShare = 0.04;
        long timeoutS = 600;
        Path serviceJar = root.resolve("partner-sync-service/target/quarkus-app/quarkus-run.jar");
        Path config = root.resolve("benchmarks/partner-sync.properties");
        Map<String, String> overrides = new LinkedHashMap<>();
        // The JVM's full tiered compilation, as the Kubernetes images run it (the launchers start services C1-only).
        List<String> jvmArgs = new ArrayList<>(List.of(BenchmarkArgs.PRODUCTION_JIT));
        Path workDir = root.resolve("benchmarks/target/benchmark-run");
        Path report = root.resolve("benchmarks/target/partner-sync-benchmark.md");
        int instances = 1;
        boolean profile = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value;
            int eq = option.indexOf('=');
            if (option.startsWith("--") && eq > 0) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value after " + option);
            }
            switch (option) {
                case "--runs" -> runs = value;
                case "--orders" -> orders = positive(option, Integer.parseInt(value));
                case "--warmup" -> warmup = Math.max(0, Integer.parseInt(value));
                case "--latency-ms" -> latencyMs = Math.max(0, Long.parseLong(value));
                case "--stripe-share" -> stripeShare = share(option, value);
                case "--hubspot-share" -> hubspotShare = share(option, value);
                case "--timeout-s" -> timeoutS = positive(option, Integer.parseInt(value));
                case "--config" -> config = Path.of(value);
                case "--set" -> {
                    int sep = value.indexOf('=');
                    if (sep <= 0) {
                        throw new IllegalArgumentException("--set needs KEY=VALUE, got " + value);
                    }
                    overrides.put(value.substring(0, sep), value.substring(sep + 1));
                }
                case "--service-jvm-arg" -> jvmArgs.add(value);
                case "--service-jar" -> serviceJar = Path.of(value);
                case "--work-dir" -> workDir = Path.of(value);
                case "--report" -> report = Path.of(value);
                case "--instances" -> instances = positive(option, Integer.parseInt(value));
                case "--profile" -> profile = PerfProfile.wanted(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        List<RunSpec> specs = new ArrayList<>();
        for (String spec : runs.split(",")) {
            if (!spec.isBlank()) {
                specs.add(RunSpec.parse(spec));
            }
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("--runs is empty");
        }
        if (profile) {
            jvmArgs.add(PerfProfile.JVM_ARG);
        }
        return new BenchmarkOptions(root, serviceJar.toAbsolutePath().normalize(), List.copyOf(specs), orders, warmup, Duration.ofMillis(latencyMs), stripeShare,
                hubspotShare, Duration.ofSeconds(timeoutS), config.toAbsolutePath().normalize(), Map.copyOf(overrides),
                List.copyOf(jvmArgs), workDir.toAbsolutePath().normalize(), report.toAbsolutePath().normalize(), instances,
                profile);
    }

    /** {@code -Dplatform.root} (set by benchmarks/run), else the working directory or its parent. */
    private static Path repositoryRoot() {
        String configured = System.getProperty("platform.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path candidate = here; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("partner-sync-service")) && Files.isDirectory(candidate.resolve("benchmarks"))) {
                return candidate;
            }
        }
        return here;
    }

    private static int positive(String option, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1");
        }
        return value;
    }

    private static double share(String option, String value) {
        double share = Double.parseDouble(value);
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException(option + " must be between 0 and 1");
        }
        return share;
    }
}
