package io.privacyplatform.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.service.PolicySql;
import io.privacyplatform.retention.service.SweepStatements;
import io.privacyplatform.support.outbox.BulkOutbox;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sweep benchmark of the suite ({@code benchmarks/run sweep}): PostgreSQL 17 ({@link SuitePlatform}), retention-service's
 * Flyway migrations and policy file, N subjects of which M expired, and the sweep's own statements
 * ({@link SweepStatements}, the same the service runs). Measures, in the same run and on the same data, alternately:
 * <ul>
 *   <li>the raw limit: the same work written by hand in SQL, in one transaction: the sweep's lock and row, the same
 *       selection of due subjects (expired, unheld, unrestricted, not already ordered; whole or scoped), their orders
 *       and their {@code erasure-ordered} outbox rows (the same columns and JSON) in subject order, the connection-log
 *       purge and the sweep's finish (rolled back each time);</li>
 *   <li>the sweep: find the due subjects and write their orders and {@code erasure-ordered} events into the outbox
 *       (one transaction, rolled back between repetitions and committed the last time).</li>
 * </ul>
 * Data: subjects {@code [0, M)} have one expired prospection entry (due: a whole erasure); {@code [M, 3M)} have an
 * expired prospection entry and a live account entry (due too since retention is per purpose: an erasure scoped to
 * prospection, keeping account-registration, whose systems {@code Register.planErasure} names); the rest have a live
 * prospection entry (not due). The sweep writes 3M orders, M whole and 2M scoped.
 */
final class SweepBenchmark {

    private static final String DATABASE = "retention_bench";
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("subjects", "1000000");
        DEFAULTS.put("expired", "100000");
        DEFAULTS.put("repeat", "3");
    }

    private static final Map<String, String> QUICK = Map.of("subjects", "30000", "expired", "3000", "repeat", "2");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) throws Exception {
        BenchmarkArgs args = BenchmarkArgs.parse("sweep", arguments, DEFAULTS, QUICK, context.quick());
        int repeat = args.integer("repeat");
        return measure(context.workDir("sweep"), args.integer("subjects"), args.integer("expired"), repeat, repeat,
                "options: " + args.describe()).section();
    }

    /**
     * One size measured: the suite's section, the medians (ms) of the sweep and of its raw equivalent, the orders
     * written and the seconds the data took to load.
     */
    record Measured(SuiteReport.Section section, double sweepMillis, double rawMillis, long orders, double loadSeconds) {
    }

    /**
     * Starts PostgreSQL in {@code workDir}, loads {@code subjects} ({@code expired} M of them), sweeps {@code repeat}
     * times, then measures the find alone and the write floor {@code breakdownRepeat} times.
     */
    static Measured measure(java.nio.file.Path workDir, int subjects, int expired, int repeat, int breakdownRepeat,
                            String description) throws Exception {
        if (expired * 3L > subjects) {
            throw new IllegalArgumentException("sweep: --expired must be at most a third of --subjects");
        }
        try (LocalPlatform platform = SuitePlatform.builder(workDir).databases(DATABASE).start()) {
            PostgresServer postgres = platform.postgres();
            SuitePlatform.migrate(postgres, DATABASE, "classpath:db/migration", "classpath:db/platform");
            RetentionPolicy policy;
            try (InputStream in = SweepBenchmark.class.getClassLoader().getResourceAsStream("policy/retention-policy.yaml")) {
                policy = RetentionPolicy.load(in, Map.of("account-inactivity", Period.ofYears(2),
                        "marketing-inactivity", Period.ofYears(3), "request-handling", Period.ofMonths(3)));
            }
            Instant now = Instant.now();
            try (Connection c = SuitePlatform.connect(postgres, DATABASE)) {
                long load = System.nanoTime();
                populate(c, policy, subjects, expired);
                double loadSeconds = (System.nanoTime() - load) / 1e9;
                String loaded = SuiteReport.format("%,d subjects (%,d inventory rows) loaded in %.1f s", subjects,
                        count(c, "select count(*) from inventory_entry"), loadSeconds);
                System.out.println("[sweep] " + loaded);
                return run(platform, c, policy, now, 3 * expired, 2 * expired, repeat, breakdownRepeat, loaded + "; " + description,
                        loadSeconds);
            }
        }
    }

    /**
     * Set-based: one {@code INSERT ... SELECT} from {@code generate_series} per kind of subject, the expiry computed in
     * the same statement exactly as the service stores it ({@code PolicySql.expiry}, service.PolicyApplier), the
     * table's indexes built once after the load ({@link BulkLoad}).
     */
    private static void populate(Connection c, RetentionPolicy policy, int subjects, int expired) throws SQLException {
        String insert = """
                insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at, source, expires_at)
                select e.subject_id, e.purpose, e.data_categories, e.collected_at, e.last_activity_at, e.source, %s
                from (select 'usr-' || g as subject_id, %s as purpose, 'contact' as data_categories, %s as collected_at,
                             %s as last_activity_at, 'import' as source, null::timestamptz as contract_end_at,
                             null::timestamptz as offer_end_at, null::timestamptz as withdrawn_at
                      from %s) e""";
        String expiry = PolicySql.expiry(policy);
        try (BulkLoad ignored = BulkLoad.withoutIndexes(c, "inventory_entry"); Statement s = c.createStatement()) {
            // Due: prospection last contacted 4 years ago.
            s.execute(insert.formatted(expiry, "'prospection'", "now() - interval '5 years'", "now() - interval '4 years'",
                    "generate_series(0, %d) g".formatted(expired - 1)));
            // Due for a scoped erasure: an expired prospection entry, but an account active 6 months ago.
            s.execute(insert.formatted(expiry, "p", "now() - interval '5 years'",
                    "case p when 'prospection' then now() - interval '4 years' else now() - interval '6 months' end",
                    "generate_series(%d, %d) g, unnest(array['prospection', 'account-registration']) p".formatted(expired, 3 * expired - 1)));
            // Not due: contacted within the last two years.
            s.execute(insert.formatted(expiry, "'prospection'", "now() - interval '3 years'", "now() - (g % 730) * interval '1 day'",
                    "generate_series(%d, %d) g".formatted(3 * expired, subjects - 1)));
        }
    }

    private static Measured run(LocalPlatform platform, Connection c, RetentionPolicy policy, Instant now,
                                           int expectedOrders, int expectedScoped, int repeat, int breakdownRepeat, String loaded,
                                           double loadSeconds) throws SQLException {
        ObjectMapper json = JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        Register register = Register.load();
        SweepStatements sweep = new SweepStatements(policy, register, new BulkOutbox(json, "/retention-service", Clock.systemUTC()));
        RawSweep rawSweep = new RawSweep(policy, register);
        List<Double> raw = new ArrayList<>();
        List<Double> swept = new ArrayList<>();
        Map<String, Duration> rawCpu = new LinkedHashMap<>();
        Map<String, Duration> sweepCpu = new LinkedHashMap<>();
        long[] rawCounts = new long[2];
        long ordered = 0;
        long scoped = 0;
        String rawPayload;
        c.setAutoCommit(false);
        // Warm-up of both: caches, plans, this JVM's JIT.
        rawSweep.execute(c, now);
        c.rollback();
        vacuum(c);
        UUID warmUp = UUID.randomUUID();
        SweepStatements.tryLock(c);
        SweepStatements.recordStart(c, warmUp, "BENCHMARK", false, null, now, now);
        sweep.execute(c, warmUp, now);
        c.rollback();
        vacuum(c);
        for (int i = 0; i < repeat; i++) {
            Map<String, Duration> before = CpuTime.snapshot(platform, List.of());
            long start = System.nanoTime();
            rawCounts = rawSweep.execute(c, now);
            raw.add((System.nanoTime() - start) / 1e6);
            add(rawCpu, CpuTime.between(before, CpuTime.snapshot(platform, List.of())));
            rawPayload = one(c, "select payload from platform_outbox order by position limit 1");
            if (i == 0) {
                System.out.println("[sweep] raw sample payload: " + rawPayload);
            }
            rawSweep.check(c);
            c.rollback();
            vacuum(c);

            boolean last = i == repeat - 1;
            UUID id = UUID.randomUUID();
            before = CpuTime.snapshot(platform, List.of());
            start = System.nanoTime();
            if (!SweepStatements.tryLock(c)) {
                throw new IllegalStateException("sweep lock held");
            }
            SweepStatements.recordStart(c, id, "BENCHMARK", false, null, now, now);
            SweepStatements.Outcome outcome = sweep.execute(c, id, now);
            SweepStatements.recordFinish(c, id, outcome, "{}", Instant.now());
            if (last) {
                c.commit();
            }
            swept.add((System.nanoTime() - start) / 1e6);
            add(sweepCpu, CpuTime.between(before, CpuTime.snapshot(platform, List.of())));
            ordered = outcome.subjectsOrdered();
            scoped = outcome.scopedOrders();
            if (!last) {
                c.rollback();
                vacuum(c);
            }
        }
        // Breakdown, same data: the find alone (what a dry run does), and the bare cost of writing as many order and
        // outbox rows from nothing (generate_series), i.e. the floor of any sweep that must persist its orders.
        List<Double> find = new ArrayList<>();
        List<Double> writeFloor = new ArrayList<>();
        for (int i = 0; i < breakdownRepeat; i++) {
            long start = System.nanoTime();
            sweep.dryRun(c, now, 0);
            find.add((System.nanoTime() - start) / 1e6);
            c.rollback();
            start = System.nanoTime();
            writeFloor(c, expectedOrders, now);
            writeFloor.add((System.nanoTime() - start) / 1e6);
            c.rollback();
        }
        long outbox = count(c, "select count(*) from platform_outbox where topic = 'erasure-ordered'");
        if (ordered != expectedOrders || outbox != expectedOrders || scoped != expectedScoped
                || rawCounts[0] != expectedOrders || rawCounts[1] != expectedScoped) {
            throw new IllegalStateException("expected " + expectedOrders + " orders (" + expectedScoped + " scoped), the sweep wrote "
                    + ordered + " (" + scoped + " scoped), the outbox holds " + outbox + ", the raw equivalent wrote "
                    + rawCounts[0] + " (" + rawCounts[1] + " scoped)");
        }
        double rawMedian = median(raw);
        double sweepMedian = median(swept);
        String samplePayload = one(c, "select payload from platform_outbox order by position limit 1");
        String details = SuiteReport.format("""
                %s.

                | run | median | runs (ms) |
                |---|---|---|
                | raw: the same work by hand in SQL, one transaction (lock, sweep row, selection, %,d orders + outbox rows, purge, finish) | %,.0f ms | %s |
                | sweep: SweepStatements (find %,d due subjects, %,d of them scoped, write orders + outbox) | %,.0f ms | %s |
                | of which find only (dry-run counts; sweep lock not taken) | %,.0f ms | %s |
                | write floor (INSERT %,d order + %,d outbox rows from generate_series) | %,.0f ms | %s |

                Outbox rows the sweep wrote: %,d; a payload: `%s`.
                """, loaded, rawCounts[0], rawMedian, fmt(raw), ordered, scoped, sweepMedian, fmt(swept), median(find), fmt(find),
                ordered, ordered, median(writeFloor), fmt(writeFloor), outbox, samplePayload);
        List<SuiteReport.Figure> figures = List.of(
                SuiteReport.Figure.withRaw(SuiteReport.format("sweep of %,d due subjects, median of %d", ordered, repeat),
                        sweepMedian, "ms", rawMedian, "the same work by hand in SQL", SuiteReport.Target.atMostOfRaw(1.5)),
                SuiteReport.Figure.of("the same sweep, absolute (the earlier target, set for 1,000,000 subjects)", sweepMedian, "ms",
                        SuiteReport.Target.atMost(20_000)));
        List<SuiteReport.CpuUse> cpu = List.of(
                new SuiteReport.CpuUse("raw, " + repeat + " runs", rawCpu, sum(raw) / 1000, repeat * rawCounts[0], "orders"),
                new SuiteReport.CpuUse("sweep, " + repeat + " runs", sweepCpu, sum(swept) / 1000, repeat * ordered, "orders"));
        return new Measured(new SuiteReport.Section("sweep", figures, cpu, details), sweepMedian, rawMedian, ordered, loadSeconds);
    }

    /** Between repetitions, as after a real rollback: the dead rows of the rolled-back orders cleaned up. */
    private static void vacuum(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("vacuum analyze retention_order");
            s.execute("vacuum analyze platform_outbox");
            s.execute("vacuum analyze retention_sweep");
            c.setAutoCommit(false);
        }
    }

    private static void add(Map<String, Duration> total, Map<String, Duration> more) {
        more.forEach((part, used) -> total.merge(part, used, Duration::plus));
    }

    private static double sum(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    private static void writeFloor(Connection c, int rows, Instant now) throws SQLException {
        UUID sweepId = UUID.randomUUID();
        SweepStatements.recordStart(c, sweepId, "FLOOR", true, null, now, now);
        try (PreparedStatement insert = c.prepareStatement("""
                with ordered as (
                    insert into retention_order (order_id, subject_id, sweep_id, rule, purpose, due_at, ordered_at)
                    select gen_random_uuid(), 'floor-' || g, ?, 'prospection-three-years', 'prospection', now(), now()
                    from generate_series(1, ?) g returning order_id, subject_id)
                insert into platform_outbox (event_id, topic, record_key, event_type, event_source, occurred_at, payload)
                select gen_random_uuid(), 'erasure-ordered-floor', o.subject_id, 't', 's', now(),
                       json_build_object('orderId', o.order_id, 'subjectId', o.subject_id)::text
                from ordered o""")) {
            insert.setObject(1, sweepId);
            insert.setInt(2, rows);
            insert.executeUpdate();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        return Long.parseLong(one(c, sql));
    }

    private static String one(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format("%,.0f", v)).toList().toString();
    }

    private SweepBenchmark() {
    }
}
