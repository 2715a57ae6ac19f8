package io.privacyplatform.benchmarks;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.testkit.soak.SoakDriver;
import io.privacyplatform.testkit.soak.SoakListener;
import io.privacyplatform.testkit.soak.SoakPlan;
import io.privacyplatform.testkit.soak.SoakResult;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak (issue 16, item 8; {@code benchmarks/run soak}, not part of "every benchmark"): {@code --erasures} (10,000)
 * erasures of the mix through the four packaged services, as deployed (the launchers' configuration, no test
 * shortcuts; partner-sync with the partners' documented rate limits, as in the partner-sync benchmark), while the Kafka broker is restarted once, each service is killed with SIGKILL once and restarted, and the
 * partners answer 30 % of calls 429/500/503 for two minutes ({@link SoakDriver}, shared with the system test SoakIT).
 * <p>
 * The partners are the stateful partner sandbox in this JVM (as every whole platform has it): it knows the objects,
 * 404s on erased ones and counts every erasing call, which a side-effect count needs; its CPU is in the benchmark
 * JVM's line, apart from the services'.
 */
final class SoakBenchmark {

    static final Map<String, String> DEFAULTS = defaults();
    static final Map<String, String> QUICK = Map.of("erasures", "300", "failure-window-s", "30", "filing-rate", "5");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("erasures", "10000");
        defaults.put("failure-rate", "0.3");
        defaults.put("failure-window-s", "120");
        defaults.put("filers", "8");
        defaults.put("filing-rate", "40");
        defaults.put("timeout-s", "1800");
        return defaults;
    }

    private SoakBenchmark() {
    }

    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) throws Exception {
        BenchmarkArgs args = BenchmarkArgs.parse("soak", arguments, DEFAULTS, QUICK, context.quick());
        SoakPlan plan = new SoakPlan(args.integer("erasures"), 0.2, 0.04, Double.parseDouble(args.text("failure-rate")),
                Duration.ofSeconds(args.integer("failure-window-s")), args.integer("filers"),
                Double.parseDouble(args.text("filing-rate")), Duration.ofSeconds(args.integer("timeout-s")));
        // The partners' documented rate limits, as the partner-sync benchmark sets them (partner-sync.properties): the
        // deployed defaults (OpenAI 8 calls/s, 4 erasures/s) would make 10,000 erasures take most of an hour.
        Map<String, String> partnerLimits = partnerLimits(context.root().resolve("benchmarks/partner-sync.properties"));
        try (LocalPlatform platform = LocalPlatform.wholePlatform(context.root(), context.workDir("soak"),
                LocalPlatform.Ports.free(), Map.of("partner-sync-service", partnerLimits))
                .serviceJvmArgs(args.givenServiceJvmArgs()).fresh().start()) {
            CpuLedger cpu = new CpuLedger(platform);
            long began = System.nanoTime();
            SoakResult result = new SoakDriver(platform, plan, cpu).run();
            double wall = (System.nanoTime() - began) / 1e9;
            System.out.print("[soak] " + result.describe());
            return section(args, plan, result, cpu.total(), wall);
        }
    }

    private static Map<String, String> partnerLimits(java.nio.file.Path file) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (java.io.Reader reader = java.nio.file.Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Map<String, String> limits = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().filter(name -> name.startsWith("partners.")).sorted()
                .forEach(name -> limits.put(name, properties.getProperty(name)));
        return limits;
    }

    private static SuiteReport.Section section(BenchmarkArgs args, SoakPlan plan, SoakResult result,
                                               Map<String, Duration> cpu, double wall) {
        List<SuiteReport.Figure> figures = new ArrayList<>();
        figures.add(SuiteReport.Figure.of("erasures completed", result.completed(), "erasures",
                SuiteReport.Target.atLeast(plan.erasures())));
        figures.add(SuiteReport.Figure.of("lost (not completed + dead-lettered + partner objects left)", result.lost(),
                "erasures", SuiteReport.Target.atMost(0)));
        figures.add(SuiteReport.Figure.of("duplicate partner side effects", result.duplicateSideEffects(), "calls",
                SuiteReport.Target.atMost(0)));
        figures.add(SuiteReport.Figure.of("dead-lettered records", result.deadLetteredTotal(), "records",
                SuiteReport.Target.atMost(0)));
        figures.add(SuiteReport.Figure.of("time to drain after the last fault", result.drainAfterLastFault().toMillis() / 1000.0,
                "s", null));
        figures.add(SuiteReport.Figure.of("max consumer lag (any group)", result.maxLagOverall(), "records", null));
        figures.add(SuiteReport.Figure.of("throughput, first filing to last completion", result.erasuresPerSecond(),
                "erasures/s", null));
        // Not args.describe(): the soak runs the services with the launchers' JVM options, plus only those given.
        String options = String.format(java.util.Locale.ROOT, "erasures %d, failure-rate %s, failure-window-s %d, filers %d,"
                        + " filing-rate %s, timeout-s %d", plan.erasures(), plan.failureRate(), plan.failureWindow().toSeconds(),
                plan.filers(), plan.filingRate(), plan.timeout().toSeconds())
                + BenchmarkArgs.describeJvmArgs(args.givenServiceJvmArgs());
        String details = "Options: " + options + ". The mix: every subject an OpenAI response, 20 % a Stripe"
                + " customer, 4 % a HubSpot contact; each a consent (marketing-email), an inventory entry and an account"
                + " with a profile in the account database. The services as deployed (launchers' configuration and JVM options), partner-sync with"
                + " the partners' documented rate limits of benchmarks/partner-sync.properties. CPU over"
                + " the whole run, seeding included, adding up every process a part had (killed ones read just before"
                + " the kill).\n\n```\n" + result.describe() + "```\n";
        return new SuiteReport.Section("soak", figures, List.of(new SuiteReport.CpuUse("whole soak", cpu, wall,
                result.completed(), "erasure")), details);
    }

    /**
     * CPU per part over the run, across restarts: a process's CPU is read just before it is stopped, its successor
     * counts from zero (its start-up is part of the soak's cost).
     */
    private static final class CpuLedger implements SoakListener {

        private final LocalPlatform platform;
        private final Map<String, Duration> base;
        private final Map<String, Duration> total = new LinkedHashMap<>();

        CpuLedger(LocalPlatform platform) {
            this.platform = platform;
            this.base = new LinkedHashMap<>(CpuTime.snapshot(platform, LocalPlatform.SERVICES));
            base.keySet().forEach(part -> total.put(part, Duration.ZERO));
        }

        @Override
        public synchronized void stopping(String part) {
            Duration now = CpuTime.snapshot(platform, LocalPlatform.SERVICES).get(part);
            total.merge(part, now.minus(base.get(part)), Duration::plus);
        }

        @Override
        public synchronized void started(String part) {
            base.put(part, Duration.ZERO);
        }

        synchronized Map<String, Duration> total() {
            Map<String, Duration> now = CpuTime.snapshot(platform, LocalPlatform.SERVICES);
            Map<String, Duration> sum = new LinkedHashMap<>();
            now.forEach((part, used) -> sum.put(part, total.get(part).plus(used.minus(base.get(part)))));
            return sum;
        }
    }
}
