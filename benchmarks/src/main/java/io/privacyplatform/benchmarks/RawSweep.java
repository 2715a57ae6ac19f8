package io.privacyplatform.benchmarks;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.service.PolicySql;
import io.privacyplatform.retention.service.SweepStatements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * The sweep's raw limit: the work of {@code SweepStatements.execute} written by hand, in SQL, on the caller's
 * transaction: the sweep lock, the sweep's row, the same selection of due subjects (expired entries no active hold
 * covers, no restriction, no pending order; whole when nothing is kept nor was erased before, else scoped to the
 * expired purposes), their {@code retention_order} rows and their {@code erasure-ordered} outbox rows (the same
 * columns, the same JSON, in subject order) in one statement, the connection-log purge and the sweep's finish. Only
 * Java's part is left out: the events built as records and serialized one by one, and the arrays sent back.
 * <p>
 * The expected systems of a scoped order come from {@code Register.planErasure} for the one scope the benchmark's
 * data holds (prospection expired, account-registration kept); {@link #check} fails if any order had another.
 */
final class RawSweep {

    static final List<String> SCOPE = List.of("prospection");
    static final List<String> KEPT = List.of("account-registration");

    private final String sql;
    private final String wholeSystems;
    private final String scopedSystems;
    private final RetentionPolicy policy;
    private UUID lastSweep;

    RawSweep(RetentionPolicy policy, Register register) {
        this.policy = policy;
        this.wholeSystems = String.join(",", register.expectedSystems("erase"));
        this.scopedSystems = String.join(",", register.planErasure(SCOPE, KEPT).systems());
        String rule = PolicySql.rule(policy);
        this.sql = """
                with due as (
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
                    group by e.subject_id),
                planned as materialized (
                    select gen_random_uuid() as order_id, d.*, d.kept is null and not d.remainder as whole,
                           case when d.kept is null and not d.remainder then cast(? as text) else cast(? as text) end as systems
                    from due d),
                ordered as (
                    insert into retention_order (order_id, subject_id, sweep_id, rule, purpose, due_at, ordered_at,
                                                 scope_purposes, kept_purposes, expected_systems)
                    select p.order_id, p.subject_id, ?, p.rule, p.purpose, p.expires_at, ?,
                           case when p.whole then null else p.purposes end,
                           case when p.whole then '' else coalesce(p.kept, '') end, p.systems
                    from planned p order by p.subject_id),
                published as (
                    insert into platform_outbox (event_id, topic, record_key, event_type, event_source, occurred_at, payload)
                    select gen_random_uuid(), ?, p.subject_id, ?, '/retention-service', ?,
                           -- row_to_json writes compact JSON, the keys in column order: the bytes Jackson writes
                           cast(row_to_json((select o from (select p.order_id as "orderId", null as "requestId",
                               p.subject_id as "subjectId", 'RETENTION_EXPIRED' as reason,
                               string_to_array(p.systems, ',') as "expectedSystems", '[]'::json as exemptions,
                               cast(? as text) as "orderedAt",
                               case when p.whole then null else row_to_json((select s from (select
                                   string_to_array(p.purposes, ',') as purposes,
                                   string_to_array(coalesce(p.kept, ''), ',') as "keptPurposes") s)) end as scope) o)) as text)
                    from planned p order by p.subject_id)
                select count(*), count(*) filter (where not whole) from planned""".formatted(rule);
    }

    /** Does the sweep's work on the caller's transaction (which the caller ends); returns the orders and the scoped ones. */
    long[] execute(Connection c, Instant now) throws SQLException {
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        UUID sweepId = UUID.randomUUID();
        lastSweep = sweepId;
        try (PreparedStatement lock = c.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, SweepStatements.SWEEP_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new IllegalStateException("sweep lock held");
                }
            }
        }
        try (PreparedStatement start = c.prepareStatement("insert into retention_sweep (id, trigger, dry_run, started_at,"
                + " evaluated_at) values (?, 'RAW', false, ?, ?)")) {
            start.setObject(1, sweepId);
            start.setObject(2, at);
            start.setObject(3, at);
            start.executeUpdate();
        }
        long[] counts = new long[2];
        try (PreparedStatement work = c.prepareStatement(sql)) {
            int i = 1;
            for (int k = 0; k < 4; k++) {
                work.setObject(i++, at);
            }
            work.setString(i++, wholeSystems);
            work.setString(i++, scopedSystems);
            work.setObject(i++, sweepId);
            work.setObject(i++, at);
            work.setString(i++, Events.ERASURE_ORDERED.topic());
            work.setString(i++, Events.ERASURE_ORDERED.cloudEventType());
            work.setObject(i++, Instant.now().atOffset(ZoneOffset.UTC));
            work.setString(i, now.toString());
            try (ResultSet rs = work.executeQuery()) {
                rs.next();
                counts[0] = rs.getLong(1);
                counts[1] = rs.getLong(2);
            }
        }
        long purged;
        try (PreparedStatement purge = c.prepareStatement("delete from connection_log where occurred_at < ?")) {
            purge.setObject(1, at.minus(policy.ruleOf(policy.connectionLogPurpose()).period()));
            purged = purge.executeUpdate();
        }
        try (PreparedStatement finish = c.prepareStatement("update retention_sweep set finished_at = ?, subjects_ordered = ?,"
                + " scoped_orders = ?, counts_by_rule = '{}', connection_logs_purged = ? where id = ?")) {
            finish.setObject(1, Instant.now().atOffset(ZoneOffset.UTC));
            finish.setLong(2, counts[0]);
            finish.setLong(3, counts[1]);
            finish.setLong(4, purged);
            finish.setObject(5, sweepId);
            finish.executeUpdate();
        }
        return counts;
    }

    /** After {@link #execute}, in its transaction: every scoped order had the one scope whose systems were given. */
    void check(Connection c) throws SQLException {
        try (PreparedStatement other = c.prepareStatement("select count(*) from retention_order where sweep_id = ?"
                + " and scope_purposes is not null and (scope_purposes <> ? or kept_purposes <> ?)")) {
            other.setObject(1, lastSweep);
            other.setString(2, String.join(",", SCOPE));
            other.setString(3, String.join(",", KEPT));
            try (ResultSet rs = other.executeQuery()) {
                rs.next();
                if (rs.getLong(1) != 0) {
                    throw new IllegalStateException(rs.getLong(1) + " scoped orders of the raw sweep had another scope");
                }
            }
        }
    }
}
