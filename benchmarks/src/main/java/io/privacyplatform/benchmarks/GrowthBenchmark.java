package io.privacyplatform.benchmarks;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.sandbox.Partner;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How cost grows (issue 16, item 7; {@code benchmarks/run growth}):
 * <ul>
 *   <li><b>sweep</b> at each of {@code --sweep-sizes} subjects (1M and 5M), the same tenth of them due as in the
 *       sweep benchmark, next to its raw hand-written equivalent at each size ({@link SweepBenchmark#measure}); the
 *       growth ratio is the time per subject at the largest size over the time per subject at the smallest,
 *       i.e. t(5M) / (5 x t(1M)); "within 10 % of linear" means at most 1.10;</li>
 *   <li><b>consent</b> effective-state queries (single and batch) as the ledger grows through {@code --ledger-sizes}
 *       rows (100k, 1M, 10M), on one consent-service whose database is seeded set-based between the sizes;</li>
 *   <li><b>partner-sync</b> with 1 and 2 instances sharing the work (one consumer group, one database): throughput,
 *       p99, CPU per order of each instance, and the most calls each partner received in one second (the live
 *       instances share each partner's limit: partner-sync's LiveInstances).</li>
 * </ul>
 * Seeding is timed apart from every measure.
 */
final class GrowthBenchmark {

    private static final String CONSENT = "consent-service";
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("parts", "sweep,consent,partner-sync");
        DEFAULTS.put("sweep-sizes", "1000000,5000000");
        DEFAULTS.put("repeat", "3");
        DEFAULTS.put("ledger-sizes", "100000,1000000,10000000");
        DEFAULTS.put("seconds", "15");
        DEFAULTS.put("concurrency", "32");
        DEFAULTS.put("batch", "1000");
        DEFAULTS.put("batch-concurrency", "4");
        DEFAULTS.put("instances", "1,2");
        DEFAULTS.put("orders", "1000");
        DEFAULTS.put("warmup", Integer.toString(BenchmarkOptions.DEFAULT_WARMUP));
    }

    private static final Map<String, String> QUICK = Map.of("sweep-sizes", "20000,100000", "repeat", "1",
            "ledger-sizes", "10000,100000", "seconds", "3", "orders", "200", "warmup", "20");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    /** Target of issue 16: growth from 1M to 5M subjects within 10 % of linear. */
    static final double LINEAR_WITHIN = 1.10;
    /** Subjects due for a sweep: the same share at every size, that of the sweep benchmark (100,000 of 1,000,000). */
    private static final int DUE_ONE_IN = 10;
    /** Ledger rows per seeded subject: two purposes, a grant and a later change each. */
    private static final int LEDGER_ROWS_PER_SUBJECT = 4;

    private final BenchmarkSuite.Context context;
    private final BenchmarkArgs args;
    private final List<SuiteReport.Figure> figures = new ArrayList<>();
    private final List<SuiteReport.CpuUse> cpu = new ArrayList<>();
    private final StringBuilder details = new StringBuilder();

    private GrowthBenchmark(BenchmarkSuite.Context context, BenchmarkArgs args) {
        this.context = context;
        this.args = args;
    }

    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) throws Exception {
        BenchmarkArgs args = BenchmarkArgs.parse("growth", arguments, DEFAULTS, QUICK, context.quick());
        return new GrowthBenchmark(context, args).run();
    }

    private SuiteReport.Section run() throws Exception {
        List<String> parts = List.of(args.text("parts").split(","));
        details.append("Options: ").append(args.describe()).append(".\n");
        if (parts.contains("sweep")) {
            sweep();
        }
        if (parts.contains("consent")) {
            consent();
        }
        if (parts.contains("partner-sync")) {
            partnerSync();
        }
        return new SuiteReport.Section("growth", figures, sameColumns(cpu), details.toString()
                + "\nIn the CPU table, 0.0 under a process means it took no part in that phase.\n");
    }

    // ---- sweep ----

    private void sweep() throws Exception {
        int[] sizes = sizes("sweep-sizes");
        int repeat = args.integer("repeat");
        List<SweepBenchmark.Measured> measured = new ArrayList<>();
        for (int subjects : sizes) {
            log("sweep at " + subjects + " subjects ...");
            SweepBenchmark.Measured m = SweepBenchmark.measure(context.workDir("growth").resolve("sweep-" + subjects), subjects,
                    subjects / DUE_ONE_IN, repeat, 1, "growth benchmark, repeat " + repeat + " (find alone and write floor: once)");
            measured.add(m);
            figures.add(SuiteReport.Figure.withRaw(SuiteReport.format("sweep at %,d subjects: time per subject", subjects),
                    m.sweepMillis() * 1000 / subjects, "µs", m.rawMillis() * 1000 / subjects, "the same work by hand in SQL", null));
            m.section().cpu().forEach(use -> cpu.add(new SuiteReport.CpuUse(SuiteReport.format("sweep at %,d: %s", subjects, use.phase()),
                    use.cpu(), use.wallSeconds(), use.operations(), use.operation())));
        }
        details.append("\n### sweep: the curve\n\n")
                .append("The same tenth of the subjects due at every size (a third of those whole, two thirds scoped), ")
                .append("median of ").append(repeat).append(" runs; raw = the same work by hand in SQL (RawSweep), same data and run.\n\n")
                .append("| subjects | loading (s, apart) | orders | sweep (ms) | µs per subject | ratio to the smallest per subject | raw (ms) | µs per subject, raw | raw ratio to the smallest | sweep / raw |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        SweepBenchmark.Measured first = measured.get(0);
        double firstPer = first.sweepMillis() / sizes[0];
        double firstRawPer = first.rawMillis() / sizes[0];
        for (int i = 0; i < sizes.length; i++) {
            SweepBenchmark.Measured m = measured.get(i);
            double per = m.sweepMillis() / sizes[i];
            double rawPer = m.rawMillis() / sizes[i];
            details.append(SuiteReport.format("| %,d | %.1f | %,d | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f |%n", sizes[i],
                    m.loadSeconds(), m.orders(), m.sweepMillis(), per * 1000, per / firstPer, m.rawMillis(), rawPer * 1000,
                    rawPer / firstRawPer, m.sweepMillis() / m.rawMillis()));
        }
        if (sizes.length > 1) {
            int last = sizes.length - 1;
            SweepBenchmark.Measured largest = measured.get(last);
            double growth = (largest.sweepMillis() / sizes[last]) / firstPer;
            double rawGrowth = (largest.rawMillis() / sizes[last]) / firstRawPer;
            String name = SuiteReport.format("sweep growth %s to %s subjects: t(%s) / (%.0f x t(%s))", million(sizes[0]),
                    million(sizes[last]), million(sizes[last]), (double) sizes[last] / sizes[0], million(sizes[0]));
            figures.add(SuiteReport.Figure.of(name, growth, "x", SuiteReport.Target.atMost(LINEAR_WITHIN)));
            figures.add(SuiteReport.Figure.of("the raw equivalent's growth, the same ratio", rawGrowth, "x", null));
            details.append(SuiteReport.format("%nGrowth: t(%s) / (%.0f x t(%s)) = **%.2f** for the sweep, %.2f for the raw equivalent: %s"
                            + " (\"within 10 %% of linear\" = at most %.2f; below 1 is cheaper per subject at the larger size).%n",
                    million(sizes[last]), (double) sizes[last] / sizes[0], million(sizes[0]), growth, rawGrowth,
                    growth <= LINEAR_WITHIN ? "linear within 10 %" : "**worse than linear by more than 10 %**", LINEAR_WITHIN));
        }
    }

    // ---- consent ----

    private void consent() throws Exception {
        int[] sizes = sizes("ledger-sizes");
        int seconds = args.integer("seconds");
        int concurrency = args.integer("concurrency");
        int batch = args.integer("batch");
        int batchConcurrency = args.integer("batch-concurrency");
        log("consent: starting PostgreSQL, Kafka, the token issuer and " + CONSENT + " ...");
        Path jar = SuitePlatform.serviceJar(context.root(), CONSENT);
        details.append("\n### consent: effective-state queries as the ledger grows\n\n")
                .append("One consent-service; between sizes its database is seeded set-based (").append(LEDGER_ROWS_PER_SUBJECT)
                .append(" ledger rows per subject: two purposes, a grant and a later change each, and the current-state row of")
                .append(" each purpose; indexes built after the load). Queries ask for random seeded subjects (marketing-email),")
                .append(" single GET from ").append(concurrency).append(" clients and POST batches of ").append(batch)
                .append(" from ").append(batchConcurrency).append(", ").append(seconds).append(" s each after 3 s of warm-up.\n\n")
                .append("| ledger rows | state rows | subjects | seeding (s, apart) | single queries/s | ratio to the smallest | batch subjects/s | ratio to the smallest |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        try (LocalPlatform platform = SuitePlatform.builder(context.workDir("growth").resolve("consent"))
                .service(ConsentBenchmark.service(jar, args.serviceJvmArgs())).start();
             Connection c = SuitePlatform.connect(platform.postgres(), LocalPlatform.databaseOf(CONSENT))) {
            String base = platform.service(CONSENT).baseUrl();
            String token = platform.issuer().clientToken(RealmClients.WEB_BACKEND, Duration.ofHours(2));
            ExecutorService httpThreads = Executors.newFixedThreadPool(4);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads).build();
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(concurrency, batchConcurrency));
            try {
                int seeded = 0;
                double firstSingle = 0;
                double firstBatch = 0;
                for (int size : sizes) {
                    int subjects = size / LEDGER_ROWS_PER_SUBJECT;
                    log("consent: seeding the ledger up to " + size + " rows ...");
                    long start = System.nanoTime();
                    seedLedger(c, seeded, subjects);
                    double seeding = (System.nanoTime() - start) / 1e9;
                    seeded = subjects;
                    long ledgerRows = count(c, "select count(*) from consent_record");
                    long stateRows = count(c, "select count(*) from consent_state");
                    int known = subjects;
                    ConsentBenchmark.Call single = () -> ConsentBenchmark.get(http, base + "/consents/effective?purpose=marketing-email&subjectId=g-"
                            + ThreadLocalRandom.current().nextInt(known), token, 200);
                    String[] bodies = new String[16];
                    for (int b = 0; b < bodies.length; b++) {
                        bodies[b] = batchBody(batch, known);
                    }
                    ConsentBenchmark.Call batchQuery = () -> ConsentBenchmark.post(http, base + "/consents/effective", token,
                            bodies[ThreadLocalRandom.current().nextInt(bodies.length)], 200);
                    log("consent: queries at " + ledgerRows + " ledger rows ...");
                    // Warm-up: the JIT at the first size, the caches after each load.
                    ConsentBenchmark.timedLoop(pool, concurrency, firstSingle == 0 ? Math.max(3, seconds) : 3, single);
                    String label = SuiteReport.format("ledger %s rows", million(size));
                    double[] rate = new double[1];
                    cpu.add(ConsentBenchmark.unprofiledPhase(platform, label + ": single queries", "queries", () ->
                            rate[0] = ConsentBenchmark.timedLoop(pool, concurrency, seconds, single)));
                    double singleRate = rate[0];
                    cpu.add(ConsentBenchmark.unprofiledPhase(platform, label + ": batch queries of " + batch, "subjects", () ->
                            rate[0] = ConsentBenchmark.timedLoop(pool, batchConcurrency, seconds, batchQuery) * batch));
                    double batchRate = rate[0];
                    if (firstSingle == 0) {
                        firstSingle = singleRate;
                        firstBatch = batchRate;
                    }
                    figures.add(SuiteReport.Figure.of(SuiteReport.format("consent, %s-row ledger: single effective-state queries",
                            million(ledgerRows)), singleRate, "requests/s", null));
                    figures.add(SuiteReport.Figure.of(SuiteReport.format("consent, %s-row ledger: batch effective-state queries",
                            million(ledgerRows)), batchRate, "subjects/s", null));
                    details.append(SuiteReport.format("| %,d | %,d | %,d | %.1f | %,.0f | %.2f | %,.0f | %.2f |%n", ledgerRows, stateRows,
                            subjects, seeding, singleRate, singleRate / firstSingle, batchRate, batchRate / firstBatch));
                    if (size == sizes[sizes.length - 1] && sizes.length > 1) {
                        details.append(SuiteReport.format("%nAt the largest ledger, single queries run at %.2f and batches at %.2f of"
                                        + " their rate at the smallest: %s (\"flat\" = within 20 %%: an index lookup per subject does not"
                                        + " depend on the ledger's size, only on what fits in memory).%n", singleRate / firstSingle,
                                batchRate / firstBatch, flatness(singleRate / firstSingle, batchRate / firstBatch)));
                    }
                }
            } finally {
                pool.shutdownNow();
                httpThreads.shutdownNow();
            }
        }
    }

    /**
     * Adds subjects {@code [from, to)} to the ledger: {@value #LEDGER_ROWS_PER_SUBJECT} entries each (marketing-email and
     * partner-referral, granted in 2024, then in 2025 granted again or withdrawn), with the notice's hash as the service
     * records it, and the current-state row of each purpose (the 2025 entry). Indexes are built after the load.
     */
    private static void seedLedger(Connection c, int from, int to) throws SQLException {
        if (to <= from) {
            return;
        }
        long lastId = count(c, "select coalesce(max(id), 0) from consent_record");
        try (BulkLoad ignored = BulkLoad.withoutIndexes(c, "consent_record", "consent_state");
             PreparedStatement ledger = c.prepareStatement("""
                     insert into consent_record (subject_id, purpose, granted, recorded_at, source, policy_version, recorded_by,
                                                 entry_id, action, actor_role, notice_hash)
                     select 'g-' || g, n.purpose, k = 1 or g % 2 = 0,
                            case k when 1 then timestamptz '2024-03-01 10:00Z' else timestamptz '2025-03-01 10:00Z' end,
                            'web', n.policy_version, 'g-' || g, gen_random_uuid(),
                            case when k = 1 or g % 2 = 0 then 'GRANT' else 'WITHDRAW' end, 'data-subject', n.text_sha256
                     from generate_series(?, ?) g, generate_series(1, 2) k, consent_notice n
                     where n.policy_version = '1.0' and n.purpose in ('marketing-email', 'partner-referral')""");
             PreparedStatement state = c.prepareStatement("""
                     insert into consent_state (subject_id, purpose, granted, objected, entry_id, source, changed_at)
                     select subject_id, purpose, granted, false, entry_id, source, recorded_at
                     from consent_record where id > ? and recorded_at = timestamptz '2025-03-01 10:00Z'""")) {
            ledger.setInt(1, from);
            ledger.setInt(2, to - 1);
            ledger.executeUpdate();
            state.setLong(1, lastId);
            state.executeUpdate();
        }
    }

    private static String flatness(double single, double batch) {
        double slowest = Math.min(single, batch);
        double fastest = Math.max(single, batch);
        if (slowest < 0.8) {
            return "**they slow down as the ledger grows**";
        }
        return fastest > 1.25 ? "no slowdown (faster at the larger ledger: the first size was measured with a colder service,"
                + " or under another load)" : "flat";
    }

    private static String batchBody(int size, int subjects) {
        StringBuilder ids = new StringBuilder();
        for (int i = 0; i < size; i++) {
            ids.append(i == 0 ? "" : ",").append("\"g-").append(ThreadLocalRandom.current().nextInt(subjects)).append('"');
        }
        return "{\"purpose\":\"marketing-email\",\"subjectIds\":[" + ids + "]}";
    }

    // ---- partner-sync ----

    private void partnerSync() throws Exception {
        int[] instanceCounts = sizes("instances");
        details.append("\n### partner-sync: 1 and 2 instances sharing the work\n\n")
                .append("PartnerSyncBenchmark's mix (").append(args.integer("orders")).append(" orders published at once, after ")
                .append(args.integer("warmup")).append(" warm-up orders), the benchmark partner stub, `benchmarks/partner-sync.properties`")
                .append(" (Stripe limited to 100 requests/s); n instances of the packaged service in one consumer group on one database.\n\n")
                .append("| instances | orders/s | p99 (ms) | CPU per order, each instance (ms) | CPU per order, all instances (ms) | Stripe calls/s, average | most Stripe calls in one second | HubSpot / OpenAI most in one second |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        double firstThroughput = 0;
        Map<Integer, RunResult> byInstances = new LinkedHashMap<>();
        for (int instances : instanceCounts) {
            log("partner-sync with " + instances + " instance(s) ...");
            Path work = context.workDir("growth").resolve("partner-sync-" + instances);
            List<String> options = new ArrayList<>(List.of("--runs", "mix", "--orders", args.text("orders"), "--warmup",
                    args.text("warmup"), "--instances", Integer.toString(instances), "--work-dir", work.toString(),
                    "--report", work.resolveSibling("partner-sync-" + instances + ".md").toString()));
            args.givenServiceJvmArgs().forEach(arg -> options.addAll(List.of("--service-jvm-arg", arg)));
            RunResult run = new PartnerSyncBenchmark(BenchmarkOptions.parse(options.toArray(String[]::new))).run().get(0);
            byInstances.put(instances, run);
            List<String> perInstance = new ArrayList<>();
            double all = 0;
            for (Map.Entry<String, Duration> part : run.cpu().entrySet()) {
                if (part.getKey().startsWith("partner-sync")) {
                    double ms = part.getValue().toNanos() / 1e6 / Math.max(1, run.orders());
                    perInstance.add(SuiteReport.format("%.2f", ms));
                    all += ms;
                }
            }
            if (firstThroughput == 0) {
                firstThroughput = run.throughput();
            }
            String label = instances + (instances == 1 ? " instance" : " instances");
            figures.add(SuiteReport.Figure.of("partner-sync, " + label + ": mix orders/s" + (run.allComplete() ? ""
                    : SuiteReport.format(" (%d/%d complete)", run.completed(), run.orders())), run.throughput(), "orders/s", null));
            figures.add(SuiteReport.Figure.of("partner-sync, " + label + ": p99", run.percentile(99), "ms", null));
            figures.add(SuiteReport.Figure.of("partner-sync, " + label + ": most Stripe calls in one second (limit 100/s, shared by the instances)",
                    run.peakCallsPerSecond().get(Partner.STRIPE), "calls", null));
            cpu.add(new SuiteReport.CpuUse("partner-sync, " + label, run.cpu(), run.cpuWindowSeconds(), run.orders(), "orders",
                    Map.of("partner-sync", run.serviceJit())));
            details.append(SuiteReport.format("| %d | %.1f (%.2f x one) | %,.0f | %s | %.2f | %.0f | %d | %d / %d |%n", instances,
                    run.throughput(), run.throughput() / firstThroughput, run.percentile(99), String.join(" / ", perInstance), all,
                    run.callRate(Partner.STRIPE), run.peakCallsPerSecond().get(Partner.STRIPE),
                    run.peakCallsPerSecond().get(Partner.HUBSPOT), run.peakCallsPerSecond().get(Partner.OPENAI)));
        }
        long stripeLimit = 100;
        byInstances.forEach((instances, run) -> {
            long peak = run.peakCallsPerSecond().get(Partner.STRIPE);
            if (instances > 1 && peak > stripeLimit) {
                details.append(SuiteReport.format("%nFinding: with %d instances Stripe received up to %d calls in one second, above"
                        + " the %d/s the configuration allows, although the live instances share each partner's limit"
                        + " (partner-sync's LiveInstances; a joining instance may overshoot for one heartbeat). The stub never"
                        + " answers 429; a real Stripe would, and the service would then back off (Retry-After).%n",
                        instances, peak, stripeLimit));
            } else if (instances > 1) {
                details.append(SuiteReport.format("%nWith %d instances Stripe received at most %d calls in one second (limit %d/s,"
                        + " shared by the live instances: partner-sync's LiveInstances).%n", instances, peak, stripeLimit));
            }
        });
    }

    // ---- helpers ----

    /** Every phase with every process the parts measured, in order of appearance (SuiteReport's table has one header). */
    private static List<SuiteReport.CpuUse> sameColumns(List<SuiteReport.CpuUse> uses) {
        java.util.LinkedHashSet<String> processes = new java.util.LinkedHashSet<>();
        uses.forEach(use -> processes.addAll(use.cpu().keySet()));
        List<SuiteReport.CpuUse> out = new ArrayList<>();
        for (SuiteReport.CpuUse use : uses) {
            Map<String, Duration> cpu = new LinkedHashMap<>();
            processes.forEach(process -> cpu.put(process, use.cpu().getOrDefault(process, Duration.ZERO)));
            out.add(new SuiteReport.CpuUse(use.phase(), cpu, use.wallSeconds(), use.operations(), use.operation(), use.jit()));
        }
        return out;
    }

    private int[] sizes(String option) {
        try {
            int[] sizes = Arrays.stream(args.text(option).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .mapToInt(Integer::parseInt).sorted().toArray();
            if (sizes.length == 0 || sizes[0] < 1) {
                throw new NumberFormatException();
            }
            return sizes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("growth: --" + option + " must be positive whole numbers separated by commas");
        }
    }

    /** 1,000,000 → "1M", 100,000 → "100k", 20,000 → "20k". */
    static String million(long n) {
        if (n >= 1_000_000 && n % 1_000_000 == 0) {
            return n / 1_000_000 + "M";
        }
        if (n >= 1_000 && n % 1_000 == 0) {
            return n / 1_000 + "k";
        }
        return SuiteReport.format("%,d", n);
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void log(String line) {
        System.out.println("[growth] " + line);
    }
}
