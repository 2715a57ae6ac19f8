package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.sandbox.Partner;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The benchmark of issue 3: erasure orders fully propagated per second by partner-sync-service, the three partners
 * answering in 20 ms, and the time from each order to its last confirmation. A separate runnable, not a test:
 * {@code benchmarks/run} (see benchmarks/README.md).
 * <p>
 * The partners are {@link PartnerStub} (canned answers after the latency, in its own process, its CPU reported apart).
 * For each run: the subjects' partner objects are registered at partner-sync
 * ({@code POST /processor-records}); then one {@code erasure-ordered} per subject is published, all at once or at a
 * fixed pace, and {@code erasure-confirmed} is read until every expected partner confirmed every order.
 */
public final class PartnerSyncBenchmark {

    private static final Logger LOG = System.getLogger("io.privacyplatform.benchmarks");
    /** Held so that the level set on it sticks (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger KAFKA_LOG = java.util.logging.Logger.getLogger("org.apache.kafka");
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final BenchmarkOptions options;
    /** The perf profile of each measured run ({@code --profile perf}), for the report. */
    private final List<String> profiles = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    PartnerSyncBenchmark(BenchmarkOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchmarkOptions.USAGE);
            return;
        }
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(BenchmarkOptions.USAGE);
            System.exit(2);
            return;
        }
        KAFKA_LOG.setLevel(java.util.logging.Level.WARNING);
        int status;
        try {
            status = new PartnerSyncBenchmark(options).run().stream().allMatch(RunResult::allComplete) ? 0 : 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 130;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Benchmark failed", e);
            status = 1;
        }
        System.exit(status);
    }

    /** Runs, prints and writes the report; returns every measured run (the suite, BenchmarkSuite, reads them). */
    List<RunResult> run() throws InterruptedException {
        LOG.log(Level.INFO, "Starting the partner stub, Kafka, PostgreSQL, the token issuer and partner-sync-service"
                + " under {0}", options.workDir());
        List<RunResult> results = new ArrayList<>();
        try (PartnerStub.Process stub = startStub();
             BenchmarkPlatform platform = BenchmarkPlatform.start(withServiceConfig(options, stub.serviceConfig()));
             OrderPublisher publisher = new OrderPublisher(platform.kafka.bootstrapServers())) {
            ProcessorRecords records = new ProcessorRecords(platform.service.baseUrl(), platform.billingBackendToken());
            // The warm-up in runs of --orders, like the measured ones: the JIT compiles what they exercise.
            for (int warmed = 0, round = 1; warmed < options.warmup(); round++) {
                int count = Math.min(options.orders(), options.warmup() - warmed);
                RunResult warmup = measure(platform, stub, publisher, records, "warm-up " + round,
                        Scenario.of("mix", options), 0, count, 0);
                LOG.log(Level.INFO, warmup.summary());
                if (!warmup.allComplete()) {
                    throw new IllegalStateException("the warm-up did not complete: see " + platform.service.logFile());
                }
                warmed += count;
            }
            int number = 1;
            for (BenchmarkOptions.RunSpec spec : options.runs()) {
                RunResult result = measure(platform, stub, publisher, records, spec.toString(), Scenario.of(spec.scenario(), options),
                        number++, options.orders(), spec.rate());
                LOG.log(Level.INFO, result.summary());
                results.add(result);
            }
            String report = report(platform, results);
            System.out.println();
            System.out.println(report);
            write(options.reportFile(), report);
            LOG.log(Level.INFO, "Report written to {0}; partner-sync log: {1}", options.reportFile(), platform.service.logFile());
        }
        return results;
    }

    /** The stub in its own process, its stderr next to the service's log. */
    private PartnerStub.Process startStub() {
        try {
            Files.createDirectories(options.workDir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return PartnerStub.start(options.latency(), options.workDir().resolve("partner-stub.log"));
    }

    /** The options with partner-sync pointed at the stub (after deploy/local's configuration, which names the sandbox). */
    private static BenchmarkOptions withServiceConfig(BenchmarkOptions o, Map<String, String> stubConfig) {
        Map<String, String> config = new java.util.LinkedHashMap<>(stubConfig);
        config.putAll(o.serviceConfig());
        return new BenchmarkOptions(o.root(), o.serviceJar(), o.runs(), o.orders(), o.warmup(), o.latency(), o.stripeShare(),
                o.hubspotShare(), o.runTimeout(), o.configFile(), Map.copyOf(config), o.serviceJvmArgs(), o.workDir(),
                o.reportFile(), o.instances(), o.profile());
    }

    /** One run: calls counted from zero, register, publish, wait for every confirmation (or the timeout). */
    private RunResult measure(BenchmarkPlatform platform, PartnerStub.Process stub, OrderPublisher publisher,
                              ProcessorRecords records, String label, Scenario scenario, int runNumber, int count,
                              double rate) throws InterruptedException {
        stub.reset();
        List<Scenario.Subject> subjects = scenario.subjects(runNumber, count);
        long registering = System.nanoTime();
        records.register(subjects);
        double registrationSeconds = RunResult.seconds(System.nanoTime() - registering);

        List<OrderPublisher.Published> published = new ArrayList<>(count);
        for (Scenario.Subject subject : subjects) {
            ErasureOrdered order = ErasureEvents.order(subject.subjectId(), scenario.expectedSystems());
            published.add(new OrderPublisher.Published(order, new Confirmations.Order(order.orderId(), scenario.expectedSystems())));
        }
        List<Confirmations.Order> tracked = published.stream().map(OrderPublisher.Published::tracking).toList();
        double failuresBefore = partnerCallFailures(platform);
        double loadBefore = loadAverage();
        LOG.log(Level.INFO, RunResult.format("%s: %d orders (%s), publishing %s", label, count, scenario.holdings(),
                rate == 0 ? "all at once" : RunResult.format("at %.0f/s", rate)));

        Confirmations confirmations = new Confirmations(platform.kafka.bootstrapServers(), tracked);
        // Attached before the CPU is counted: perf's start is not the run's.
        PerfProfile profile = runNumber > 0 ? PerfProfile.start(options.profile(), platform.service.pid(), "partner-sync",
                options.workDir().resolve("profiles"), label) : null;
        Map<String, Duration> cpuBefore = CpuTime.snapshot(platform);
        Map<String, Duration> threadsBefore = serviceThreads(platform);
        Duration stubCpuBefore = stub.cpu();
        long cpuFrom = System.nanoTime();
        long publishDone;
        try (confirmations) {
            long deadline = System.nanoTime() + options.runTimeout().toNanos();
            publisher.publish(published, rate, options.runTimeout());
            publishDone = System.nanoTime();
            while (!confirmations.await(PROGRESS_EVERY)) {
                if (System.nanoTime() > deadline) {
                    LOG.log(Level.WARNING, RunResult.format("%s: stopped waiting after %d s, %d/%d orders complete", label,
                            options.runTimeout().toSeconds(), confirmations.completed(), count));
                    break;
                }
                LOG.log(Level.INFO, RunResult.format("%s: %d/%d orders complete", label, confirmations.completed(), count));
            }
        }
        Map<String, Duration> cpu = new java.util.LinkedHashMap<>(CpuTime.between(cpuBefore, CpuTime.snapshot(platform)));
        Map<String, Duration> threads = CpuTime.between(threadsBefore, serviceThreads(platform));
        cpu.put("partner stub", stub.cpu().minus(stubCpuBefore));
        double cpuWindow = RunResult.seconds(System.nanoTime() - cpuFrom);
        if (profile != null) {
            profiles.add(profile.stopAndSummarize("the measured run " + runNumber + " (" + label + ")"));
        }
        Map<Partner, Integer> calls = new EnumMap<>(Partner.class);
        Map<Partner, Long> peaks = new EnumMap<>(Partner.class);
        for (PartnerStub.Stand stand : PartnerStub.Stand.values()) {
            Map<PartnerStub.CallKind, Long> byKind = stub.calls(stand);
            long unknown = byKind.get(PartnerStub.CallKind.UNKNOWN);
            if (unknown > 0) {
                LOG.log(Level.WARNING, RunResult.format("%s: %s received %d call(s) the stub does not serve (answered 400)",
                        label, stand, unknown));
            }
            calls.put(Partner.valueOf(stand.name()), (int) byKind.values().stream().mapToLong(Long::longValue).sum());
            peaks.put(Partner.valueOf(stand.name()), stub.peakPerSecond(stand));
        }
        return RunResult.of(label, scenario, rate, tracked, publishDone, registrationSeconds, calls,
                confirmations.duplicates(), confirmations.unreadable(), partnerCallFailures(platform) - failuresBefore,
                loadBefore, loadAverage(), cpu, cpuWindow, peaks, threads);
    }

    /** What partner-sync's threads used so far, by group, over its instances. */
    private static Map<String, Duration> serviceThreads(BenchmarkPlatform platform) {
        Map<String, Duration> used = new java.util.LinkedHashMap<>();
        platform.instances.forEach(instance -> CpuTime.byThread(instance.pid()).forEach((group, cpu) -> used.merge(group, cpu, Duration::plus)));
        return used;
    }

    /** The machine's load average over the last minute (runnable processes), or NaN where unknown. */
    private static double loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? Double.NaN : load;
    }

    /** Sum of partner-sync's {@code partner_call_failures_total} series (429s, 5xx, network errors) over its instances, or NaN. */
    private double partnerCallFailures(BenchmarkPlatform platform) {
        double sum = 0;
        for (io.privacyplatform.launchers.ServiceProcess instance : platform.instances) {
            sum += partnerCallFailures(instance);
        }
        return sum;
    }

    private double partnerCallFailures(io.privacyplatform.launchers.ServiceProcess instance) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            String metrics = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines()
                    .filter(line -> line.startsWith("partner_call_failures_total"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    // ---- report ----

    private String report(BenchmarkPlatform platform, List<RunResult> results) {
        StringBuilder out = new StringBuilder();
        out.append("## partner-sync benchmark, ")
                .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.now().atOffset(ZoneOffset.UTC).withNano(0)))
                .append(" UTC\n\n");
        out.append("- machine: ").append(machine()).append('\n');
        out.append("- partner-sync-service: ").append(serviceVersion())
                .append(options.serviceJvmArgs().isEmpty() ? "" : "; JVM options added: `" + String.join(" ", options.serviceJvmArgs()) + "`")
                .append('\n');
        out.append("- partners: benchmark stub (PartnerStub, canned answers, own JVM), every answer ")
                .append(options.latency().toMillis()).append(" ms after the call\n");
        out.append("- ").append(options.orders()).append(" orders per run")
                .append(options.warmup() > 0 ? ", after a warm-up of " + options.warmup() + " mix orders in runs of " + options.orders() + " (not reported)" : "")
                .append("; Kafka topics with ").append(BenchmarkPlatform.PARTITIONS).append(" partitions")
                .append(options.instances() > 1 ? "; " + options.instances() + " partner-sync instances sharing the work (one consumer group, one database)" : "")
                .append('\n');
        out.append("- partner-sync configuration of the benchmark: ")
                .append(platform.benchmarkConfig.isEmpty() ? "none (service defaults)" : platform.benchmarkConfig.entrySet().stream()
                        .filter(e -> !e.getKey().endsWith(".base-url")) // the stub's ports
                        .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").collect(Collectors.joining(", ")))
                .append("\n\n");
        out.append("| run | subjects hold | published | complete | orders/s | p50 | p95 | p99 | max "
                + "| partner calls S / H / O | calls per order | partner calls/s S / H / O | most calls in one second S / H / O | target |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            out.append(RunResult.format("| %s | %s | %s | %d/%d | **%.1f** | %s | %s | **%s** | %s | %d / %d / %d | %.2f | %.0f / %.0f / %.0f | %d / %d / %d | %s |\n",
                    r.label(), r.scenario().holdings(), r.publishing(), r.completed(), r.orders(), r.throughput(),
                    RunResult.ms(r.percentile(50)), RunResult.ms(r.percentile(95)), RunResult.ms(r.percentile(99)),
                    RunResult.ms(r.maxMillis()), r.calls().get(Partner.STRIPE), r.calls().get(Partner.HUBSPOT),
                    r.calls().get(Partner.OPENAI), r.totalCalls() / (double) r.orders(), r.callRate(Partner.STRIPE),
                    r.callRate(Partner.HUBSPOT), r.callRate(Partner.OPENAI), r.peakCallsPerSecond().get(Partner.STRIPE),
                    r.peakCallsPerSecond().get(Partner.HUBSPOT), r.peakCallsPerSecond().get(Partner.OPENAI), r.target()));
        }
        out.append("\norders/s: orders complete / (last completion - first publish). Latency: from an order's publish to its")
                .append(" last expected confirmation, as a Kafka consumer sees it. Target (issue 3, mix only): published all at once,")
                .append(" at least 200 orders/s; published at 200/s, p99 under 2 s.\n\n");
        out.append("| run | confirmations (outcome: count) | registering records | publishing took | partner call failures (service metric) | CPU used (s) | CPU per order (ms) | partner-sync's JIT compiler threads, per order (ms) | load average before / after |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (RunResult r : results) {
            out.append(RunResult.format("| %s | %s%s | %.1f s | %.2f s | %s | %s | %s | %.2f | %.1f / %.1f |\n", r.label(), r.outcomes(),
                    r.duplicates() + r.unreadable() > 0 ? RunResult.format(" (+%d duplicate, %d unreadable)", r.duplicates(), r.unreadable()) : "",
                    r.registrationSeconds(), r.publishSeconds(),
                    Double.isNaN(r.callFailures()) ? "n/a" : RunResult.format("%.0f", r.callFailures()), r.cpuUse(),
                    r.cpuPerOrder(), r.serviceJitMillisPerOrder(), r.loadBefore(), r.loadAfter()));
        }
        out.append(threadTable(results));
        profiles.forEach(profile -> out.append('\n').append(profile));
        return out.toString();
    }

    /** Columns of the table by thread: the groups that used the most over all runs, the rest as one. */
    private static final int THREAD_COLUMNS = 8;

    /**
     * partner-sync's CPU per order by thread group ({@link CpuTime#byThread}): where its CPU goes, the time in the
     * kernel and in the JVM's own threads included, which a sampling profile does not show.
     */
    private static String threadTable(List<RunResult> results) {
        Map<String, Duration> overall = new java.util.HashMap<>();
        results.forEach(r -> r.serviceThreads().forEach((group, cpu) -> overall.merge(group, cpu, Duration::plus)));
        if (overall.isEmpty()) {
            return "";
        }
        List<String> columns = overall.entrySet().stream()
                .sorted(Map.Entry.<String, Duration>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(THREAD_COLUMNS).map(Map.Entry::getKey).toList();
        StringBuilder out = new StringBuilder("\npartner-sync's CPU per order by thread (ms; the thread's name as Linux keeps it, "
                + "without its number):\n\n| run | " + String.join(" | ", columns) + " | other threads |\n|---|");
        out.append("---|".repeat(columns.size() + 1)).append('\n');
        for (RunResult r : results) {
            out.append("| ").append(r.label());
            Duration other = r.serviceThreads().entrySet().stream().filter(e -> !columns.contains(e.getKey()))
                    .map(Map.Entry::getValue).reduce(Duration.ZERO, Duration::plus);
            for (String group : columns) {
                out.append(RunResult.format(" | %.2f", perOrder(r.serviceThreads().getOrDefault(group, Duration.ZERO), r.orders())));
            }
            out.append(RunResult.format(" | %.2f |%n", perOrder(other, r.orders())));
        }
        return out.toString();
    }

    private static double perOrder(Duration cpu, int orders) {
        return orders > 0 ? cpu.toNanos() / 1e6 / orders : 0;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown CPU"
        }
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return RunResult.format("%d cores (%s), %.0f GB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(), cpu,
                memory / 1e9, System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    /**
     * Which partner-sync ran: the jar and when it was built; for the repository's own jar, also the last commit of
     * partner-sync-service/ and whether the working tree had changes there (the jar may hold them).
     */
    private String serviceVersion() {
        Path jar = options.serviceJar();
        String built;
        try {
            built = Files.getLastModifiedTime(jar).toInstant().atOffset(ZoneOffset.UTC).withNano(0).toLocalDateTime() + " UTC";
        } catch (IOException e) {
            built = "unknown";
        }
        Path ownJar = options.root().resolve("partner-sync-service/target/quarkus-app/quarkus-run.jar");
        if (!jar.equals(ownJar)) {
            return "`" + jar + "`, built " + built;
        }
        String commit = git("log", "-1", "--format=%h (%cs)", "--", "partner-sync-service");
        String dirty = git("status", "--porcelain", "--", "partner-sync-service");
        return "jar built " + built + " from the working tree; last commit of partner-sync-service/: "
                + (commit.isEmpty() ? "unknown" : commit) + (dirty.isEmpty() ? "" : " (uncommitted changes present)");
    }

    private String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", options.root().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot write the report to {0}: {1}", file, e.getMessage());
        }
    }
}
