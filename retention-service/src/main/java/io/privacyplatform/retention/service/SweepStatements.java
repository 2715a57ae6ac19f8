package io.privacyplatform.retention.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.outbox.BulkOutbox;
import io.privacyplatform.support.outbox.OutboxEvent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The SQL of a sweep, set-based: a handful of statements whatever the number of subjects, never one query per
 * subject. Plain JDBC on the caller's connection and transaction, so that the service (through Hibernate's
 * connection) and the benchmark (a bare connection) run exactly the same statements.
 * <p>
 * A subject is due for erasure when every inventory entry it has is expired, no legal hold on it is active (any
 * scope: an expiry order erases the subject everywhere, so it would reach held data), its processing is not
 * restricted (GDPR Art. 18: the subject needs the data kept, e.g. for a claim), and no order this service placed for
 * it is still waiting to be executed (so each subject is ordered once).
 */
public final class SweepStatements {

    /** Arbitrary constant naming the sweep's advisory lock within the service's database. */
    public static final long SWEEP_LOCK = 0x7377656570L;

    /** A subject that is (or would be) ordered, and why: the purpose whose expiry came last, and its rule. */
    public record Candidate(String subjectId, String purpose, String rule, Instant expiredAt) {
    }

    /** What a sweep did (or, for a dry run, would do). */
    public record Outcome(long subjectsOrdered, Map<String, Long> countsByRule, long connectionLogsPurged,
                          List<Candidate> listed) {
    }

    private final String candidates;
    private final String candidatesOfOneSubject;
    private final Period connectionLogRetention;
    private final BulkOutbox outbox;
    private final List<String> expectedSystems;

    /**
     * @param outbox          where the orders' {@code erasure-ordered} events go ({@code Outbox.bulk()} in the service)
     * @param expectedSystems the systems every expiry order expects: {@code Register.expectedSystems("erase")}
     */
    public SweepStatements(RetentionPolicy policy, BulkOutbox outbox, List<String> expectedSystems) {
        String due = """
                select distinct on (e.subject_id) e.subject_id, e.purpose, e.expires_at, %s as rule
                from inventory_entry e
                where e.expires_at <= ?
                  and not exists (select 1 from inventory_entry x where x.subject_id = e.subject_id
                                  and (x.expires_at is null or x.expires_at > ?))
                  and not exists (select 1 from legal_hold h where h.subject_id = e.subject_id
                                  and h.lifted_at is null and (h.held_until is null or h.held_until > ?))
                  and not exists (select 1 from subject_restriction r where r.subject_id = e.subject_id)
                  and not exists (select 1 from retention_order o where o.subject_id = e.subject_id)
                  %s
                order by e.subject_id, e.expires_at desc, e.purpose""";
        this.candidates = due.formatted(PolicySql.rule(policy), "");
        this.candidatesOfOneSubject = due.formatted(PolicySql.rule(policy), "and e.subject_id = ?");
        this.connectionLogRetention = policy.ruleOf(policy.connectionLogPurpose()).period();
        this.outbox = outbox;
        this.expectedSystems = List.copyOf(expectedSystems);
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
                update retention_sweep set finished_at = ?, subjects_ordered = ?, counts_by_rule = ?,
                    connection_logs_purged = ? where id = ?""")) {
            update.setObject(1, utc(finishedAt));
            update.setLong(2, outcome.subjectsOrdered());
            update.setString(3, countsJson);
            update.setLong(4, outcome.connectionLogsPurged());
            update.setObject(5, sweepId);
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
        return new Outcome(ordered.subjectsOrdered(), ordered.countsByRule(), purged, List.of());
    }

    /**
     * The same evaluation for one subject only (e.g. when its restriction is lifted): orders its erasure if it is due,
     * purges nothing. The caller holds the sweep lock ({@link #lock}).
     */
    public Outcome executeFor(Connection connection, UUID sweepId, Instant now, String subjectId) throws SQLException {
        return order(connection, sweepId, now, subjectId);
    }

    private Outcome order(Connection connection, UUID sweepId, Instant now, String subjectId) throws SQLException {
        // The due subjects are found once; their orders come back from the insert, and the events and the counts by
        // rule are built from that single result.
        Map<String, Long> counts = new TreeMap<>();
        List<OutboxEvent<ErasureOrdered>> events = new ArrayList<>();
        try (PreparedStatement order = connection.prepareStatement("""
                with due as (%s)
                insert into retention_order (order_id, subject_id, sweep_id, rule, purpose, due_at, ordered_at)
                select gen_random_uuid(), due.subject_id, ?, due.rule, due.purpose, due.expires_at, ?
                from due
                returning order_id, subject_id, rule""".formatted(subjectId == null ? candidates : candidatesOfOneSubject))) {
            int next = bindCandidates(order, 1, now);
            if (subjectId != null) {
                order.setString(next++, subjectId);
            }
            order.setObject(next++, sweepId);
            order.setObject(next, utc(now));
            try (ResultSet rs = order.executeQuery()) {
                while (rs.next()) {
                    String subject = rs.getString(2);
                    events.add(new OutboxEvent<>(subject, new ErasureOrdered(rs.getObject(1, UUID.class), null, subject,
                            ErasureReason.RETENTION_EXPIRED, expectedSystems, List.of(), now)));
                    counts.merge(rs.getString(3), 1L, Long::sum);
                }
            }
        }
        events.sort(Comparator.comparing(OutboxEvent::subjectId));
        outbox.publishAll(connection, Events.ERASURE_ORDERED, events);
        return new Outcome(events.size(), counts, 0, List.of());
    }

    /** What {@link #execute} would do now, changing nothing: the counts, and the first {@code listLimit} subjects. */
    public Outcome dryRun(Connection connection, Instant now, int listLimit) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement count = connection.prepareStatement(
                "select c.rule, count(*) from (%s) c group by c.rule".formatted(candidates))) {
            bindCandidates(count, 1, now);
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        List<Candidate> listed = new ArrayList<>();
        try (PreparedStatement list = connection.prepareStatement(candidates + " limit ?")) {
            int next = bindCandidates(list, 1, now);
            list.setInt(next, listLimit);
            try (ResultSet rs = list.executeQuery()) {
                while (rs.next()) {
                    listed.add(new Candidate(rs.getString(1), rs.getString(2), rs.getString(4),
                            rs.getObject(3, OffsetDateTime.class).toInstant()));
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
        return new Outcome(total, counts, purgeable, listed);
    }

    /** Connection logs that occurred before this instant are past the section 8 period. */
    public Instant connectionLogCutoff(Instant now) {
        return now.atOffset(ZoneOffset.UTC).minus(connectionLogRetention).toInstant();
    }

    private static int bindCandidates(PreparedStatement statement, int first, Instant now) throws SQLException {
        for (int i = 0; i < 3; i++) {
            statement.setObject(first + i, utc(now));
        }
        return first + 3;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
