package io.privacyplatform.benchmarks;

import io.agroal.api.AgroalDataSource;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.retention.datastore.DatastoreConnector;
import io.privacyplatform.retention.datastore.Datastores;
import io.privacyplatform.retention.datastore.ErasureEvidence;
import io.privacyplatform.retention.datastore.ManifestReader;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Datastore connector benchmark of the suite ({@code benchmarks/run datastore}): PostgreSQL 17 ({@link SuitePlatform}),
 * the example account database (its Flyway migrations and manifest) loaded with about 1,000,000 rows (23 per subject
 * across its 8 tables), then, in the same run and on the same data:
 * <ul>
 *   <li>the connector, one order per transaction: {@code --erase N} subjects (with the erasure log, the re-count and
 *       the evidence), on {@code --threads T} threads sharing a pool of T connections;</li>
 *   <li>the connector, {@code --batch B} orders per transaction ({@code eraseAll}): N other subjects, same threads;</li>
 *   <li>the raw script: N other subjects erased by a hand-written set-based script (one UPDATE or DELETE per table
 *       for all N subjects at once, the same effects, no evidence), in one transaction.</li>
 * </ul>
 */
final class DatastoreBenchmark {

    private static final byte[] KEY = "benchmark-key-of-the-account-database-32b".getBytes(StandardCharsets.UTF_8);
    private static final String DATABASE = "account_bench";
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("subjects", "43479"); // 1,000,017 rows
        DEFAULTS.put("erase", "10000");
        DEFAULTS.put("threads", "4");
        DEFAULTS.put("batch", "100");
    }

    private static final Map<String, String> QUICK = Map.of("subjects", "6000", "erase", "1000");
    static final String OPTIONS = BenchmarkArgs.usage(DEFAULTS) + "; --quick: " + QUICK;

    static SuiteReport.Section run(BenchmarkSuite.Context context, List<String> arguments) throws Exception {
        BenchmarkArgs args = BenchmarkArgs.parse("datastore", arguments, DEFAULTS, QUICK, context.quick());
        int subjects = args.integer("subjects");
        int erase = args.integer("erase");
        int threads = args.integer("threads");
        int batch = args.integer("batch");
        if (erase * 3L > subjects) {
            throw new IllegalArgumentException("datastore: --erase must be at most a third of --subjects");
        }
        try (LocalPlatform platform = SuitePlatform.builder(context.workDir("datastore")).databases(DATABASE).start()) {
            PostgresServer postgres = platform.postgres();
            String url = SuitePlatform.migrate(postgres, DATABASE, "classpath:db/account-database");
            long rows;
            String loaded;
            try (Connection c = SuitePlatform.connect(postgres, DATABASE)) {
                long load = System.nanoTime();
                rows = populate(c, subjects);
                loaded = SuiteReport.format("%,d subjects, %,d rows across 8 tables, loaded in %.1f s", subjects, rows,
                        (System.nanoTime() - load) / 1e9);
                System.out.println("[datastore] " + loaded);
            }

            String manifest;
            try (InputStream in = DatastoreBenchmark.class.getClassLoader().getResourceAsStream("datastores/account-database.yaml")) {
                manifest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            StringBuilder details = new StringBuilder(loaded).append("; options: ").append(args.describe()).append(".\n\n");
            List<SuiteReport.CpuUse> cpu = new ArrayList<>();
            double singleRate;
            double connectorRate;
            try (AgroalDataSource pool = Datastores.pool(url, Optional.of(postgres.username()), Optional.of(postgres.password()), threads)) {
                DatastoreConnector connector = DatastoreConnector.open(
                        ManifestReader.read("datastores/account-database.yaml", manifest), pool, Optional.of(KEY));
                Map<String, Duration> before = CpuTime.snapshot(platform, List.of());
                long start = System.nanoTime();
                singleRate = runConnector(connector, 0, erase, threads, 1, details);
                cpu.add(new SuiteReport.CpuUse("connector, one order per transaction",
                        CpuTime.between(before, CpuTime.snapshot(platform, List.of())), (System.nanoTime() - start) / 1e9, erase, "subjects"));
                before = CpuTime.snapshot(platform, List.of());
                start = System.nanoTime();
                connectorRate = runConnector(connector, erase, erase, threads, batch, details);
                cpu.add(new SuiteReport.CpuUse("connector, batches of " + batch,
                        CpuTime.between(before, CpuTime.snapshot(platform, List.of())), (System.nanoTime() - start) / 1e9, erase, "subjects"));
            }
            double rawRate;
            try (Connection c = SuitePlatform.connect(postgres, DATABASE)) {
                Map<String, Duration> before = CpuTime.snapshot(platform, List.of());
                long start = System.nanoTime();
                rawRate = runRawScript(c, 2 * erase, erase, details);
                cpu.add(new SuiteReport.CpuUse("raw script", CpuTime.between(before, CpuTime.snapshot(platform, List.of())),
                        (System.nanoTime() - start) / 1e9, erase, "subjects"));
            }
            List<SuiteReport.Figure> figures = List.of(
                    SuiteReport.Figure.withRaw("connector, one order per transaction", singleRate, "subjects/s", rawRate,
                            "set-based script", SuiteReport.Target.atLeastOfRaw(0.5)),
                    SuiteReport.Figure.of("connector, one order per transaction, absolute", singleRate, "subjects/s",
                            SuiteReport.Target.atLeast(500)),
                    SuiteReport.Figure.withRaw("connector, batches of " + batch + " orders per transaction", connectorRate,
                            "subjects/s", rawRate, "set-based script", SuiteReport.Target.atLeastOfRaw(0.5)),
                    SuiteReport.Figure.of("connector, batches of " + batch + ", absolute", connectorRate, "subjects/s",
                            SuiteReport.Target.atLeast(500)));
            return new SuiteReport.Section("datastore", figures, cpu, details.toString());
        }
    }

    /** Subjects bench-1 .. bench-S with 23 rows each. */
    private static long populate(Connection c, int subjects) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("delete from marketing_preferences; delete from support_tickets; delete from login_history;"
                    + " delete from order_lines; delete from orders; delete from postal_addresses; delete from profiles;"
                    + " delete from accounts");
            s.execute("insert into accounts (subject_id, email, created_at) select 'bench-' || g, 'bench-' || g || '@example.org',"
                    + " now() - interval '400 days' from generate_series(1, " + subjects + ") g");
            s.execute("insert into profiles (account_id, first_name, last_name, phone, birth_date)"
                    + " select id, 'First' || id, 'Last' || id, '+33 6 ' || id, date '1980-01-01' from accounts");
            s.execute("insert into postal_addresses (account_id, label, line1, postal_code, city, country)"
                    + " select a.id, 'address ' || k, k || ' rue de la Paix', '75002', 'Paris', 'FR' from accounts a, generate_series(1, 2) k");
            s.execute("insert into orders (account_id, placed_at, invoice_number, amount_cents, currency, billing_name, billing_address, delivery_note)"
                    + " select a.id, now() - k * interval '30 days', 'B-' || a.id || '-' || k, 1000 * k, 'EUR', 'Name ' || a.id,"
                    + " k || ' rue de la Paix, 75002 Paris', 'ring twice' from accounts a, generate_series(1, 4) k");
            s.execute("insert into order_lines (order_id, product, quantity, unit_price_cents, personalization)"
                    + " select o.id, 'Mug ' || k, 1, 500, 'For ' || o.billing_name from orders o, generate_series(1, 2) k");
            s.execute("insert into login_history (account_id, logged_in_at, ip_address, user_agent)"
                    + " select a.id, now() - k * interval '1 day', ('198.51.100.' || (a.id % 250))::inet, 'Mozilla/5.0'"
                    + " from accounts a, generate_series(1, 5) k");
            s.execute("insert into support_tickets (account_id, opened_at, status, subject, body)"
                    + " select id, now(), 'closed', 'Parcel', 'Hello, I am First' || id || ', where is my parcel?' from accounts");
            s.execute("insert into marketing_preferences (account_id, newsletter, sms, updated_at) select id, true, false, now() from accounts");
            s.execute("vacuum analyze");
            try (ResultSet rs = s.executeQuery("select (select count(*) from accounts) + (select count(*) from profiles)"
                    + " + (select count(*) from postal_addresses) + (select count(*) from orders) + (select count(*) from order_lines)"
                    + " + (select count(*) from login_history) + (select count(*) from support_tickets)"
                    + " + (select count(*) from marketing_preferences)")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Subjects bench-(offset+1) .. bench-(offset+N), one order each, in batches of B orders (one transaction per
     * batch); returns subjects per second. The latency is a batch's.
     */
    private static double runConnector(DatastoreConnector connector, int offset, int erase, int threads, int batch,
                                       StringBuilder details) throws Exception {
        int batches = (erase + batch - 1) / batch;
        long[] latencies = new long[batches];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int b = next.getAndIncrement(); b < batches; b = next.getAndIncrement()) {
                    List<DatastoreConnector.ErasureOrder> orders = new ArrayList<>();
                    for (int i = b * batch; i < Math.min(erase, (b + 1) * batch); i++) {
                        int subject = offset + i + 1;
                        orders.add(new DatastoreConnector.ErasureOrder("bench-order-" + subject, "bench-" + subject));
                    }
                    long begin = System.nanoTime();
                    List<ErasureEvidence> evidence = connector.eraseAll(orders);
                    latencies[b] = System.nanoTime() - begin;
                    for (ErasureEvidence e : evidence) {
                        if (e.rowsAffected().get("order_lines") != 8 || e.rowsAffected().get("login_history") != 5) {
                            throw new IllegalStateException("unexpected evidence " + e);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        Arrays.sort(latencies);
        double rate = erase / seconds;
        details.append(SuiteReport.format("- connector (%,d subjects, %s, %d threads): %.1f s, %,.0f subjects/s, latency of a %s p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms%n", erase, batch == 1 ? "one order per transaction" : "batches of " + batch
                        + " orders, one transaction each", threads, seconds, rate, batch == 1 ? "subject" : "batch",
                latencies[batches / 2] / 1e6, latencies[(int) Math.ceil(batches * 0.99) - 1] / 1e6, latencies[batches - 1] / 1e6));
        return rate;
    }

    /** Subjects bench-(offset+1) .. bench-(offset+N) at once, the same effects as the manifest; returns subjects per second. */
    private static double runRawScript(Connection c, int offset, int erase, StringBuilder details) throws Exception {
        String[] ids = new String[erase];
        for (int i = 0; i < erase; i++) {
            ids[i] = "bench-" + (offset + i + 1);
        }
        byte[][] pads = pads(KEY);
        c.setAutoCommit(false);
        long start = System.nanoTime();
        Array subjects = c.createArrayOf("text", ids);
        try (Statement s = c.createStatement()) {
            try (PreparedStatement gone = c.prepareStatement(
                    "create temporary table gone on commit drop as select id from accounts where subject_id = any(?)")) {
                gone.setArray(1, subjects);
                gone.execute();
            }
            s.executeUpdate("update order_lines set personalization = '[erased]'"
                    + " where order_id in (select o.id from orders o join gone g on g.id = o.account_id)");
            s.executeUpdate("delete from profiles where account_id in (select id from gone)");
            s.executeUpdate("delete from postal_addresses where account_id in (select id from gone)");
            s.executeUpdate("update orders set delivery_note = null where account_id in (select id from gone)");
            s.executeUpdate("delete from login_history where account_id in (select id from gone)");
            s.executeUpdate("update support_tickets set subject = null, body = '[erased]' where account_id in (select id from gone)");
            s.executeUpdate("delete from marketing_preferences where account_id in (select id from gone)");
            try (PreparedStatement hash = c.prepareStatement("update accounts set email = encode(sha256(?::bytea"
                    + " || sha256(?::bytea || convert_to(email, 'UTF8'))), 'hex') where id in (select id from gone)")) {
                hash.setBytes(1, pads[1]);
                hash.setBytes(2, pads[0]);
                hash.executeUpdate();
            }
        }
        c.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = erase / seconds;
        details.append(SuiteReport.format("- raw script (%,d subjects, set-based, one transaction): %.2f s, %,.0f subjects/s%n", erase, seconds, rate));
        return rate;
    }

    /** HMAC-SHA256's inner and outer padded keys, written out for the raw script. */
    private static byte[][] pads(byte[] key) throws Exception {
        byte[] k = Arrays.copyOf(key.length > 64 ? MessageDigest.getInstance("SHA-256").digest(key) : key, 64);
        byte[] inner = new byte[64];
        byte[] outer = new byte[64];
        for (int i = 0; i < 64; i++) {
            inner[i] = (byte) (k[i] ^ 0x36);
            outer[i] = (byte) (k[i] ^ 0x5c);
        }
        return new byte[][] {inner, outer};
    }
}
