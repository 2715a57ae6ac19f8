package io.privacyplatform.retention.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.consent.ConsentLapsed;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The SQL of a consent-lapse run, set-based: one statement finds every inventory entry of a consent purpose whose
 * inactivity period has ended (its stored expiry, without a withdrawal), records it in {@code consent_lapse} with the
 * last contact it counts from, and returns it; the {@code consent-lapsed} events go to the outbox in one more
 * statement. An entry already reported for its last contact is not found again; a later contact (a new grant) makes
 * it lapse again once the new period ends. Plain JDBC on the caller's connection and transaction.
 * <p>
 * A restricted subject or one under a legal hold lapses too: the lapse ends a consent, it erases nothing (the
 * ledger keeps the withdrawal, and the hold or restriction still stops the sweep's erasure).
 */
public final class ConsentLapseStatements {

    /** Arbitrary constant naming the lapse run's advisory lock within the service's database ("lapse"). */
    public static final long LAPSE_LOCK = 0x6c61707365L;

    /** What one policy purpose with a consent purpose lapses as. */
    record Lapsing(String consentPurpose, String rule, String inactivity) {
    }

    /** What a run published. */
    public record Outcome(long published, Map<String, Long> byPurpose) {
    }

    private final Map<String, Lapsing> byPolicyPurpose;
    private final BulkOutbox outbox;

    /** @param outbox where the {@code consent-lapsed} events go ({@code Outbox.bulk()} in the service) */
    public ConsentLapseStatements(RetentionPolicy policy, BulkOutbox outbox) {
        this.byPolicyPurpose = policy.purposes().stream().filter(p -> p.consentPurpose() != null)
                .collect(Collectors.toUnmodifiableMap(RetentionPolicy.Purpose::code, p -> new Lapsing(
                        p.consentPurpose(), p.rule(), policy.ruleOf(p).period().toString())));
        this.outbox = outbox;
    }

    /** Takes the lapse lock for the caller's transaction; false when another run holds it. */
    public static boolean tryLock(Connection connection) throws SQLException {
        return AdvisoryLocks.tryLock(connection, LAPSE_LOCK);
    }

    /** Records and publishes every lapse due at {@code now}. */
    public Outcome execute(Connection connection, Instant now) throws SQLException {
        if (byPolicyPurpose.isEmpty()) {
            return new Outcome(0, Map.of());
        }
        List<OutboxEvent<ConsentLapsed>> events = new ArrayList<>();
        Map<String, Long> byPurpose = new TreeMap<>();
        try (PreparedStatement lapse = connection.prepareStatement("""
                with due as (
                    select e.id, e.subject_id, e.purpose, e.last_activity_at, e.expires_at
                    from inventory_entry e
                    left join consent_lapse l on l.entry_id = e.id
                    where e.purpose = any(?)
                      and e.withdrawn_at is null
                      and e.expires_at <= ?
                      and (l.entry_id is null or l.last_contact_at < e.last_activity_at)
                ), recorded as (
                    insert into consent_lapse (entry_id, lapse_id, last_contact_at, lapsed_at, reported_at)
                    select due.id, gen_random_uuid(), due.last_activity_at, due.expires_at, ? from due
                    on conflict (entry_id) do update set lapse_id = excluded.lapse_id,
                        last_contact_at = excluded.last_contact_at, lapsed_at = excluded.lapsed_at,
                        reported_at = excluded.reported_at
                    returning entry_id, lapse_id
                )
                select recorded.lapse_id, due.subject_id, due.purpose, due.last_activity_at, due.expires_at
                from recorded join due on due.id = recorded.entry_id""")) {
            lapse.setArray(1, connection.createArrayOf("varchar", byPolicyPurpose.keySet().toArray()));
            lapse.setObject(2, now.atOffset(ZoneOffset.UTC));
            lapse.setObject(3, now.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = lapse.executeQuery()) {
                while (rs.next()) {
                    String subject = rs.getString(2);
                    Lapsing lapsing = byPolicyPurpose.get(rs.getString(3));
                    events.add(new OutboxEvent<>(subject, new ConsentLapsed(rs.getObject(1, UUID.class), subject,
                            lapsing.consentPurpose(), rs.getObject(4, OffsetDateTime.class).toInstant(),
                            lapsing.inactivity(), lapsing.rule(), rs.getObject(5, OffsetDateTime.class).toInstant())));
                    byPurpose.merge(lapsing.consentPurpose(), 1L, Long::sum);
                }
            }
        }
        events.sort(Comparator.comparing(OutboxEvent::subjectId));
        outbox.publishAll(connection, Events.CONSENT_LAPSED, events);
        return new Outcome(events.size(), byPurpose);
    }
}
