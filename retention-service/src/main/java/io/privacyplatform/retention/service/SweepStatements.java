package io.privacyplatform.retention.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.outbox.BulkOutbox;
import io.privacyplatform.support.outbox.OutboxEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The SQL of a sweep, set-based: a handful of statements whatever the number of subjects, never one query per
 * subject. Plain JDBC on the caller's connection and transaction, so that the service (through Hibernate's
 * connection) and the benchmark (a bare connection) run exactly the same statements.
 * <p>
 * Retention is per purpose (policy section 4). A subject is due when it has expired entries that no active legal
 * hold covers, its processing is not restricted (GDPR Art. 18: the subject needs the data kept, e.g. for a claim; a
 * restriction blocks every purpose, as does an all-purposes hold), and no order this service placed for it is still
 * waiting to be executed (so each subject is ordered once). What it gets:
 * <ul>
 *   <li>the whole erasure (no scope, every erase system of the registry) when every entry has expired, no active hold
 *       names any purpose of it and nothing of it was erased before (no executed scoped order, no entry kept under
 *       an exemption of an earlier erasure);</li>
 *   <li>otherwise an erasure scoped to the expired, unheld purposes, keeping its live and held purposes, and expecting
 *       the systems {@code Register.planErasure} names for that scope.</li>
 * </ul>
 */
public final class SweepStatements {

    /** Arbitrary constant naming the sweep's advisory lock within the service's database. */
    public static final long SWEEP_LOCK = 0x7377656570L;

    /** Due subjects read per fetch, and orders written per INSERT and outbox statement (memory stays bounded). */
    public static final int DEFAULT_CHUNK = 25_000;

    /**
     * A subject that is (or would be) ordered, and why: the purpose whose expiry came last, and its rule; the scope
     * of its order (null: the whole subject).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(String subjectId, String purpose, String rule, Instant expiredAt, ErasureScope scope) {
    }

    /** What a sweep did (or, for a dry run, would do); {@code scopedOrders} of {@code subjectsOrdered} are scoped. */
    public record Outcome(long subjectsOrdered, long scopedOrders, Map<String, Long> countsByRule,
                          long connectionLogsPurged, List<Candidate> listed) {
    }

    private final String candidates;
    private final String candidatesOfOneSubject;
    private final Period connectionLogRetention;
    private final BulkOutbox outbox;
    private final Register register;
    private final List<String> wholeErasureSystems;
    private final int chunkSize;

    /**
     * @param register the registry of systems: every erase system for a whole order, {@code planErasure} for a scoped one
     * @param outbox   where the orders' {@code erasure-ordered} events go ({@code Outbox.bulk()} in the service)
     */
    public SweepStatements(RetentionPolicy policy, Register register, BulkOutbox outbox) {
        this(policy, register, outbox, DEFAULT_CHUNK);
    }

    /** @param chunkSize due subjects read per fetch and written per statement */
    public SweepStatements(RetentionPolicy policy, Register register, BulkOutbox outbox, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("the sweep's chunk size must be at least 1");
        }
        this.chunkSize = chunkSize;
        // One row per due subject: its expired unheld purposes, the one that expired last and its rule, its kept
        // purposes (live entries and active holds' purposes) and whether something of it was erased before.
        String due = """
                select e.subject_id,
                       string_agg(e.purpose, ',' order by e.purpose) as purposes,
                       (array_agg(e.purpose order by e.expires_at desc, e.purpose))[1] as purpose,
                       max(e.expires_at) as expires_at,
                       (array_agg(%1$s order by e.expires_at desc, e.purpose))[1] as rule,
                       (select string_agg(k.purpose, ',' order by k.purpose) from (
                            select x.purpose from inventory_entry x where x.subject_id = e.subject_id
                              and (x.expires_at is null or x.expires_at > ?)
                            union
                            select unnest(string_to_array(h.purposes, ',')) from legal_hold h
                            where h.subject_id = e.subject_id and h.lifted_at is null
                              and (h.held_until is null or h.held_until > ?)) k) as kept,
                       bool_or(e.exempted_by_order is not null)
                         or exists (select 1 from retention_order d where d.subject_id = e.subject_id
                                    and d.executed_at is not null) as remainder
                from inventory_entry e
                where e.expires_at <= ?
                  and not exists (select 1 from legal_hold h where h.subject_id = e.subject_id
                                  and h.lifted_at is null and (h.held_until is null or h.held_until > ?)
                                  and (h.all_purposes or e.purpose = any(string_to_array(h.purposes, ','))))
                  and not exists (select 1 from subject_restriction r where r.subject_id = e.subject_id)
                  and not exists (select 1 from retention_order o where o.subject_id = e.subject_id
                                  and o.executed_at is null)
                  %2$s
                group by e.subject_id
                order by e.subject_id""";
        this.candidates = due.formatted(PolicySql.rule(policy), "");
        this.candidatesOfOneSubject = due.formatted(PolicySql.rule(policy), "and e.subject_id = ?");
        this.connectionLogRetention = policy.ruleOf(policy.connectionLogPurpose()).period();
        this.outbox = outbox;
        this.register = register;
        this.wholeErasureSystems = register.expectedSystems("erase");
    }

    /** Takes the sweep lock for the caller's transaction; false when another sweep holds it. */
    public static boolean tryLock(Connection connection) throws SQLException {
        return AdvisoryLocks.tryLock(connection, SWEEP_LOCK);
    }

    /** Waits for the sweep lock, for the caller's transaction (a sweep in progress finishes first). */
    public static void lock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, SWEEP_LOCK);
            lock.executeQuery().close();
        }
    }

    /** Records the sweep's start (its row exists before the orders that refer to it). */
    public static void recordStart(Connection connection, UUID sweepId, String trigger, boolean dryRun, String requestedBy,
                                   Instant startedAt, Instant evaluatedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into retention_sweep (id, trigger, dry_run, requested_by, started_at, evaluated_at)
                values (?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, sweepId);
            insert.setString(2, trigger);
            insert.setBoolean(3, dryRun);
            insert.setString(4, requestedBy);
            insert.setObject(5, utc(startedAt));
            insert.setObject(6, utc(evaluatedAt));
            insert.executeUpdate();
        }
    }

    public static void recordFinish(Connection connection, UUID sweepId, Outcome outcome, String countsJson,
                                    Instant finishedAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                update retention_sweep set finished_at = ?, subjects_ordered = ?, scoped_orders = ?, counts_by_rule = ?,
                    connection_logs_purged = ? where id = ?""")) {
            update.setObject(1, utc(finishedAt));
            update.setLong(2, outcome.subjectsOrdered());
            update.setLong(3, outcome.scopedOrders());
            update.setString(4, countsJson);
            update.setLong(5, outcome.connectionLogsPurged());
            update.setObject(6, sweepId);
            update.executeUpdate();
        }
    }

    /**
     * Orders the erasure of every due subject: one INSERT ... SELECT into retention_order, then their
     * {@code erasure-ordered} events into the outbox in one statement (the relay sends them after commit), then purges
     * the connection logs older than the section 8 period.
     */
    public Outcome execute(Connection connection, UUID sweepId, Instant now) throws SQLException {
        Outcome ordered = order(connection, sweepId, now, null);
        long purged;
        try (PreparedStatement purge = connection.prepareStatement("delete from connection_log where occurred_at < ?")) {
            purge.setObject(1, utc(connectionLogCutoff(now)));
            purged = purge.executeUpdate();
        }
        return new Outcome(ordered.subjectsOrdered(), ordered.scopedOrders(), ordered.countsByRule(), purged, List.of());
    }

    /**
     * The same evaluation for one subject only (e.g. when its restriction is lifted): orders its erasure if it is due,
     * purges nothing. The caller holds the sweep lock ({@link #lock}).
     */
    public Outcome executeFor(Connection connection, UUID sweepId, Instant now, String subjectId) throws SQLException {
        return order(connection, sweepId, now, subjectId);
    }

    private Outcome order(Connection connection, UUID sweepId, Instant now, String subjectId) throws SQLException {
        // The due subjects are found once, by one statement run to its end before anything is written, into a
        // temporary table (dropped at commit); they are then read back through a cursor, a chunk at a time, as they
        // were written (no second sort: the order carries no meaning), and each chunk's orders go in with one INSERT
        // from arrays and its events with one outbox statement.
        // Memory stays one chunk whatever the number of due subjects (a first sweep over millions ran out of heap
        // when they were all read at once). Not a cursor over the finding statement itself: its per-subject lookups
        // of retention_order would then run while the orders are written, and scan them (a warm-up sweep of 300,000
        // due subjects ran for 15 minutes instead of 9 seconds). Java only names each order's systems:
        // Register.planErasure, once per distinct scope. One subject alone (a lifted restriction) needs no table.
        Map<ErasureScope, List<String>> plans = new HashMap<>();
        Map<String, Long> counts = new TreeMap<>();
        long ordered = 0;
        long scoped = 0;
        if (subjectId == null) {
            try (Statement drop = connection.createStatement()) {
                drop.execute("drop table if exists pg_temp.sweep_due");
            }
            try (PreparedStatement find = connection.prepareStatement(
                    "create temporary table sweep_due on commit drop as " + candidates)) {
                bindCandidates(find, 1, now);
                find.executeUpdate();
            }
        }
        try (PreparedStatement read = connection.prepareStatement(subjectId == null
                ? "select * from sweep_due" : candidatesOfOneSubject)) {
            if (subjectId == null) {
                read.setFetchSize(chunkSize);
            } else {
                read.setString(bindCandidates(read, 1, now), subjectId);
            }
            List<Candidate> chunk = new ArrayList<>();
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    chunk.add(candidate(rs));
                    if (chunk.size() == chunkSize) {
                        scoped += write(connection, sweepId, now, chunk, plans, counts);
                        ordered += chunk.size();
                        chunk.clear();
                    }
                }
            }
            if (!chunk.isEmpty()) {
                scoped += write(connection, sweepId, now, chunk, plans, counts);
                ordered += chunk.size();
            }
        }
        return new Outcome(ordered, scoped, counts, 0, List.of());
    }

    /**
     * Writes the orders of some due subjects and their events: one INSERT from arrays, one outbox
     * statement; by chunks, so that a sweep's memory stays bounded whatever the number of subjects. Returns how many
     * of them are scoped.
     */
    private long write(Connection connection, UUID sweepId, Instant now, List<Candidate> due,
                       Map<ErasureScope, List<String>> plans, Map<String, Long> counts) throws SQLException {
        int n = due.size();
        List<OutboxEvent<ErasureOrdered>> events = new ArrayList<>(n);
        String[] orderIds = new String[n], subjects = new String[n], rules = new String[n], purposes = new String[n],
                dueAt = new String[n], scopes = new String[n], kept = new String[n], systems = new String[n];
        long scoped = 0;
        for (int i = 0; i < n; i++) {
            Candidate candidate = due.get(i);
            ErasureScope scope = candidate.scope();
            List<String> expected = scope == null ? wholeErasureSystems : plans.computeIfAbsent(scope,
                    s -> register.planErasure(s.purposes(), s.keptPurposes()).systems());
            UUID orderId = UUID.randomUUID();
            events.add(new OutboxEvent<>(candidate.subjectId(), new ErasureOrdered(orderId, null, candidate.subjectId(),
                    ErasureReason.RETENTION_EXPIRED, expected, List.of(), now, scope)));
            counts.merge(candidate.rule(), 1L, Long::sum);
            orderIds[i] = orderId.toString();
            subjects[i] = candidate.subjectId();
            rules[i] = candidate.rule();
            purposes[i] = candidate.purpose();
            dueAt[i] = candidate.expiredAt().toString();
            scopes[i] = scope == null ? null : String.join(",", scope.purposes());
            kept[i] = scope == null ? "" : String.join(",", scope.keptPurposes());
            systems[i] = String.join(",", expected);
            scoped += scope == null ? 0 : 1;
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into retention_order (order_id, subject_id, sweep_id, rule, purpose, due_at, ordered_at,
                                             scope_purposes, kept_purposes, expected_systems)
                select cast(o.order_id as uuid), o.subject_id, ?, o.rule, o.purpose, cast(o.due_at as timestamptz), ?,
                       o.scope_purposes, o.kept_purposes, o.expected_systems
                from unnest(?, ?, ?, ?, ?, ?, ?, ?)
                     as o(order_id, subject_id, rule, purpose, due_at, scope_purposes, kept_purposes, expected_systems)""")) {
            insert.setObject(1, sweepId);
            insert.setObject(2, utc(now));
            int next = 3;
            for (String[] column : List.of(orderIds, subjects, rules, purposes, dueAt, scopes, kept, systems)) {
                insert.setArray(next++, connection.createArrayOf("varchar", column));
            }
            insert.executeUpdate();
        }
        outbox.publishAll(connection, Events.ERASURE_ORDERED, events);
        return scoped;
    }

    /** One row of the due query: the whole subject, or the scope of its expired purposes. */
    private static Candidate candidate(ResultSet rs) throws SQLException {
        String kept = rs.getString(6);
        boolean whole = kept == null && !rs.getBoolean(7);
        ErasureScope scope = whole ? null : new ErasureScope(codes(rs.getString(2)), codes(kept));
        return new Candidate(rs.getString(1), rs.getString(3), rs.getString(5),
                rs.getObject(4, OffsetDateTime.class).toInstant(), scope);
    }

    /** Comma-separated codes (as stored) to a list; none for null or empty. */
    public static List<String> codes(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(","));
    }

    /** What {@link #execute} would do now, changing nothing: the counts, and the first {@code listLimit} subjects. */
    public Outcome dryRun(Connection connection, Instant now, int listLimit) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        long scoped = 0;
        try (PreparedStatement count = connection.prepareStatement("""
                select c.rule, count(*), count(*) filter (where c.kept is not null or c.remainder)
                from (%s) c group by c.rule""".formatted(candidates))) {
            bindCandidates(count, 1, now);
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                    scoped += rs.getLong(3);
                }
            }
        }
        List<Candidate> listed = new ArrayList<>();
        try (PreparedStatement list = connection.prepareStatement(candidates + " limit ?")) {
            int next = bindCandidates(list, 1, now);
            list.setInt(next, listLimit);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    listed.add(candidate(rs));
                }
            }
        }
        long purgeable;
        try (PreparedStatement count = connection.prepareStatement("select count(*) from connection_log where occurred_at < ?")) {
            count.setObject(1, utc(connectionLogCutoff(now)));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                purgeable = rs.getLong(1);
            }
        }
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        return new Outcome(total, scoped, counts, purgeable, listed);
    }

    /** Connection logs that occurred before this instant are past the section 8 period. */
    public Instant connectionLogCutoff(Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(connectionLogRetention).toInstant();
    }

    private static int bindCandidates(PreparedStatement statement, int first, Instant now) throws SQLException {
        for (int i = 0; i < 4; i++) {
            statement.setObject(first + i, utc(now));
        }
        return first + 4;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
