package io.privacyplatform.retention.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.service.PolicySql;
import io.privacyplatform.retention.service.SweepStatements;
import io.privacyplatform.support.outbox.BulkOutbox;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sweep benchmark (not a test; {@code retention-service/benchmark} runs it): a real PostgreSQL 17 (infra/launchers), the
 * service's Flyway migrations and policy file, N subjects of which M expired, and the sweep's own statements
 * ({@link SweepStatements}, the same the service runs). Measures, in the same run and on the same data:
 * <ul>
 *   <li>the raw limit: one indexed SELECT of the expired inventory rows, read to the client;</li>
 *   <li>the sweep: find the due subjects and write their orders and {@code erasure-ordered} events into the outbox
 *       (one transaction, rolled back between repetitions and committed the last time).</li>
 * </ul>
 * Data: subjects {@code [0, M)} have one expired prospection entry (due: a whole erasure); {@code [M, 3M)} have an
 * expired prospection entry and a live account entry (due too since retention is per purpose: an erasure scoped to
 * prospection, keeping account-registration, whose systems {@code Register.planErasure} names); the rest have a live
 * prospection entry (not due). The sweep writes 3M orders, M whole and 2M scoped.
 * <p>
 * Options: {@code --subjects N} (default 1000000), {@code --expired M} (default 100000), {@code --repeat R} (3).
 */
public final class SweepBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = BenchmarkSetup.options(args, "SweepBenchmark [--subjects N] [--expired M] [--repeat R]",
                Map.of("subjects", 1_000_000, "expired", 100_000, "repeat", 3));
        if (options == null) {
            return;
        }
        int subjects = options.get("subjects");
        int expired = options.get("expired");
        int repeat = options.get("repeat");
        if (expired * 3L > subjects) {
            throw new IllegalArgumentException("--expired must be at most a third of --subjects");
        }
        Path dir = Path.of("target", "sweep-benchmark").toAbsolutePath();
        try (PostgresServer postgres = PostgresServer.start(dir.resolve("postgres"), 0)) {
            String url = BenchmarkSetup.freshDatabase(postgres, "retention_bench", "classpath:db/migration", "classpath:db/platform");
            RetentionPolicy policy;
            try (InputStream in = SweepBenchmark.class.getClassLoader().getResourceAsStream("policy/retention-policy.yaml")) {
                policy = RetentionPolicy.load(in, Map.of("account-inactivity", Period.ofYears(2),
                        "marketing-inactivity", Period.ofYears(3), "request-handling", Period.ofMonths(3)));
            }
            Instant now = Instant.now();
            try (Connection c = DriverManager.getConnection(url, postgres.username(), postgres.password())) {
                long load = System.nanoTime();
                populate(c, policy, subjects, expired, now);
                System.out.printf("PostgreSQL 17 at %s; %,d subjects (%,d inventory rows) loaded in %.1f s%n",
                        postgres.dataDir(), subjects, count(c, "select count(*) from inventory_entry"),
                        (System.nanoTime() - load) / 1e9);
                run(c, policy, now, 3 * expired, 2 * expired, repeat);
            }
        }
    }

    private static void populate(Connection c, RetentionPolicy policy, int subjects, int expired, Instant now) throws SQLException {
        try (Statement s = c.createStatement()) {
            // Due: prospection last contacted 4 years ago.
            s.execute("""
                    insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at, source)
                    select 'usr-' || g, 'prospection', 'contact', now() - interval '5 years', now() - interval '4 years', 'import'
                    from generate_series(0, %d) g""".formatted(expired - 1));
            // Due for a scoped erasure: an expired prospection entry, but an account active 6 months ago.
            s.execute("""
                    insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at, source)
                    select 'usr-' || g, p, 'contact', now() - interval '5 years',
                           case p when 'prospection' then now() - interval '4 years' else now() - interval '6 months' end, 'import'
                    from generate_series(%d, %d) g, unnest(array['prospection', 'account-registration']) p"""
                    .formatted(expired, 3 * expired - 1));
            // Not due: contacted within the last two years.
            s.execute("""
                    insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at, source)
                    select 'usr-' || g, 'prospection', 'contact', now() - interval '3 years',
                           now() - (g %% 730) * interval '1 day', 'import'
                    from generate_series(%d, %d) g""".formatted(3 * expired, subjects - 1));
            // Expiries exactly as the service stores them (service.PolicyApplier).
            s.execute("update inventory_entry e set expires_at = " + PolicySql.expiry(policy));
            s.execute("vacuum analyze");
        }
    }

    private static void run(Connection c, RetentionPolicy policy, Instant now, int expectedOrders, int expectedScoped,
                            int repeat) throws SQLException {
        ObjectMapper json = JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        SweepStatements sweep = new SweepStatements(policy, Register.load(),
                new BulkOutbox(json, "/retention-service", Clock.systemUTC()));
        List<Double> raw = new ArrayList<>();
        List<Double> swept = new ArrayList<>();
        long rawRows = 0;
        long ordered = 0;
        long scoped = 0;
        c.setAutoCommit(false);
        rawScan(c, now); // warm-up: caches and plans
        c.commit();
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            rawRows = rawScan(c, now);
            raw.add((System.nanoTime() - start) / 1e6);
            c.commit();

            boolean last = i == repeat - 1;
            UUID id = UUID.randomUUID();
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
            ordered = outcome.subjectsOrdered();
            scoped = outcome.scopedOrders();
            if (!last) {
                c.rollback();
                try (Statement s = c.createStatement()) {
                    c.setAutoCommit(true);
                    s.execute("vacuum analyze retention_order");
                    s.execute("vacuum analyze platform_outbox");
                    c.setAutoCommit(false);
                }
            }
        }
        // Breakdown, same data: the find alone (what a dry run does), and the bare cost of writing as many order and
        // outbox rows from nothing (generate_series), i.e. the floor of any sweep that must persist its orders.
        List<Double> find = new ArrayList<>();
        List<Double> writeFloor = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
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
        if (ordered != expectedOrders || outbox != expectedOrders || scoped != expectedScoped) {
            throw new IllegalStateException("expected " + expectedOrders + " orders (" + expectedScoped + " scoped), the sweep wrote "
                    + ordered + " (" + scoped + " scoped) and the outbox holds " + outbox);
        }
        double rawMedian = median(raw);
        double sweepMedian = median(swept);
        System.out.printf("raw limit  (one indexed SELECT of the %,d expired rows): median %,.0f ms  runs %s%n", rawRows, rawMedian, fmt(raw));
        System.out.printf("sweep      (find %,d due subjects, %,d of them scoped, write orders + outbox): median %,.0f ms  runs %s%n",
                ordered, scoped, sweepMedian, fmt(swept));
        System.out.printf("  of which find only (dry-run counts; sweep lock not taken): median %,.0f ms  runs %s%n", median(find), fmt(find));
        System.out.printf("  write floor (INSERT %,d order + %,d outbox rows from generate_series): median %,.0f ms  runs %s%n",
                ordered, ordered, median(writeFloor), fmt(writeFloor));
        System.out.printf("ratio sweep / raw: %.1fx   target: under 20 s (%s) and within 3x (%s)%n", sweepMedian / rawMedian,
                sweepMedian < 20_000 ? "met" : "MISSED", sweepMedian <= 3 * rawMedian ? "met" : "MISSED");
        System.out.printf("machine: %d cores, load average %s%n", Runtime.getRuntime().availableProcessors(), loadAverage());
        System.out.printf("outbox rows written: %,d; sample payload: %s%n", outbox,
                one(c, "select payload from platform_outbox order by position limit 1"));
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

    private static long rawScan(Connection c, Instant now) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select subject_id from inventory_entry where expires_at <= ?")) {
            select.setFetchSize(10_000);
            select.setObject(1, now.atOffset(ZoneOffset.UTC));
            long rows = 0;
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rs.getString(1);
                    rows++;
                }
            }
            return rows;
        }
    }

    /** 1, 5 and 15-minute load averages (Linux), to judge how much the figures owe to other work on the machine. */
    private static String loadAverage() {
        try {
            String[] parts = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
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
