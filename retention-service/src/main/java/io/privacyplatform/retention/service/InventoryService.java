package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.retention.config.RetentionConfig;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inventory: one entry per subject and purpose, fed by the platform (single entries, batched activity, bulk
 * imports) and by events. Every write merges so that a late or repeated report never shortens a retention clock
 * (collection only moves back, activity only forward), then recomputes the expiry from the policy.
 */
@ApplicationScoped
public class InventoryService {

    /**
     * One entry to merge. Null categories keep the stored ones (an empty set when new); a null contract or
     * offer end keeps the stored one.
     */
    public record Upsert(String subjectId, String purpose, Set<DataCategory> categories, Instant collectedAt,
                         Instant lastActivityAt, Instant contractEndAt, Instant offerEndAt, String source) {
    }

    /** The entry as stored, and whether this call created it. */
    public record Registration(InventoryEntry entry, boolean created) {
    }

    private static final String UPSERT = """
            insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at,
                                         contract_end_at, offer_end_at, source)
            values (?, ?, coalesce(?, ''), ?, ?, ?, ?, ?)
            on conflict (subject_id, purpose) do update set
                data_categories = case when ? then excluded.data_categories else inventory_entry.data_categories end,
                collected_at = least(inventory_entry.collected_at, excluded.collected_at),
                last_activity_at = greatest(inventory_entry.last_activity_at, excluded.last_activity_at),
                contract_end_at = coalesce(excluded.contract_end_at, inventory_entry.contract_end_at),
                offer_end_at = coalesce(excluded.offer_end_at, inventory_entry.offer_end_at),
                source = excluded.source""";

    private final EntityManager entityManager;
    private final RetentionConfig config;
    private final RetentionPolicy policy;
    private final PolicyApplier expiries;
    private final MeterRegistry meters;
    private final Clock clock;

    InventoryService(EntityManager entityManager, RetentionConfig config, RetentionPolicy policy,
                     PolicyApplier expiries, MeterRegistry meters, Clock clock) {
        this.entityManager = entityManager;
        this.config = config;
        this.policy = policy;
        this.expiries = expiries;
        this.meters = meters;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Fills the defaults (activity: now; collection: the activity if earlier than now) and checks the clocks:
     * nothing in the future beyond the allowed skew except contract and offer ends, nothing before the collection,
     * a known purpose, an offer end where the purpose's rule runs on it.
     *
     * @param prefix field name prefix of the errors, e.g. {@code events[3].}
     * @return the entry with defaults filled in, or the problems found (field names, never values)
     */
    public Checked check(Upsert upsert, String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        RetentionPolicy.Purpose purpose = policy.purpose(upsert.purpose()).orElse(null);
        if (purpose == null) {
            errors.add(new Problem.FieldError(prefix + "purpose", "must be one of " + policy.purposeCodes()));
        }
        Instant now = clock.instant();
        Instant lastActivity = upsert.lastActivityAt() == null
                ? (upsert.collectedAt() != null && upsert.collectedAt().isAfter(now) ? upsert.collectedAt() : now)
                : upsert.lastActivityAt();
        Instant collected = upsert.collectedAt() != null ? upsert.collectedAt()
                : lastActivity.isBefore(now) ? lastActivity : now;
        Instant latestAllowed = now.plus(config.clockSkew());
        if (collected.isAfter(latestAllowed)) {
            errors.add(new Problem.FieldError(prefix + "collectedAt", "cannot lie in the future"));
        }
        if (lastActivity.isAfter(latestAllowed) && !lastActivity.equals(collected)) {
            errors.add(new Problem.FieldError(prefix + "lastActivityAt", "cannot lie in the future"));
        }
        if (lastActivity.isBefore(collected)) {
            errors.add(new Problem.FieldError(prefix + "lastActivityAt", "cannot be earlier than collectedAt"));
        }
        if (upsert.contractEndAt() != null && upsert.contractEndAt().isBefore(collected)) {
            errors.add(new Problem.FieldError(prefix + "contractEndAt", "cannot be earlier than collectedAt"));
        }
        if (upsert.offerEndAt() != null && upsert.offerEndAt().isBefore(collected)) {
            errors.add(new Problem.FieldError(prefix + "offerEndAt", "cannot be earlier than collectedAt"));
        }
        if (purpose != null && upsert.offerEndAt() == null
                && policy.ruleOf(purpose).anchorList().equals(List.of(RetentionPolicy.Anchor.OFFER_END))) {
            errors.add(new Problem.FieldError(prefix + "offerEndAt", "is required for purpose " + purpose.code()));
        }
        return new Checked(new Upsert(upsert.subjectId(), upsert.purpose(), upsert.categories(), collected, lastActivity,
                upsert.contractEndAt(), upsert.offerEndAt(), upsert.source()), errors);
    }

    public record Checked(Upsert upsert, List<Problem.FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Registers or updates one entry; 422 problem when its clocks are impossible, 400 for an unknown purpose, and 422
     * when the entry's retention has already run out unless {@code expiredAllowed} (the privacy officer's call).
     */
    @Transactional
    public Registration register(Upsert upsert, boolean expiredAllowed) {
        Checked checked = check(upsert, "");
        if (!checked.valid()) {
            boolean unknownPurpose = checked.errors().stream().anyMatch(e -> e.field().equals("purpose"));
            throw unknownPurpose
                    ? Problems.invalid("Unsupported purpose; allowed: " + policy.purposeCodes() + ".", checked.errors())
                    : Problems.unprocessable("Impossible clocks: " + checked.errors().stream()
                            .map(e -> e.field() + " " + e.message()).collect(java.util.stream.Collectors.joining("; ")) + ".",
                            checked.errors());
        }
        Upsert valid = checked.upsert();
        boolean[] created = new boolean[1];
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT + " returning (xmax = 0)")) {
                bind(statement, valid);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    created[0] = rs.getBoolean(1);
                }
            }
        });
        expiries.recompute(List.of(valid.subjectId()));
        if (!expiredAllowed) {
            refuseExpired(List.of(valid), i -> "lastActivityAt");
        }
        entityManager.clear();
        InventoryEntry entry = InventoryEntry.of(valid.subjectId(), valid.purpose()).orElseThrow();
        meters.counter("inventory.registered", "purpose", valid.purpose(), "created", Boolean.toString(created[0])).increment();
        return new Registration(entry, created[0]);
    }

    /** One activity or contact the platform reports (a batch of them: {@link #recordActivity}). */
    public record Activity(String subjectId, String purpose, Instant at, Instant contractEndAt) {
    }

    /**
     * Moves each entry's last activity forward, creating entries as needed; all or nothing: a 422 problem names
     * every bad event by index ({@code events[3].at}).
     *
     * @return how many events were recorded
     */
    @Transactional
    public int recordActivity(List<Activity> activities) {
        List<Upsert> upserts = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        for (int i = 0; i < activities.size(); i++) {
            Activity activity = activities.get(i);
            Checked checked = check(new Upsert(activity.subjectId(), activity.purpose(), null, null, activity.at(),
                    activity.contractEndAt(), null, "activity"), "events[" + i + "].");
            checked.errors().stream().map(e -> e.field().endsWith(".lastActivityAt")
                    ? new Problem.FieldError(e.field().replace(".lastActivityAt", ".at"), e.message()) : e).forEach(errors::add);
            upserts.add(checked.upsert());
        }
        if (!errors.isEmpty()) {
            throw Problems.unprocessable("No event of the batch was recorded; see errors.", errors);
        }
        mergeAll(upserts);
        refuseExpired(upserts, i -> "events[" + i + "].at");
        return upserts.size();
    }

    /** Merges already checked entries in one batch, then recomputes their subjects' expiries; same transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void mergeAll(List<Upsert> upserts) {
        if (upserts.isEmpty()) {
            return;
        }
        entityManager.flush();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(UPSERT)) {
                int pending = 0;
                for (Upsert upsert : upserts) {
                    bind(statement, upsert);
                    statement.addBatch();
                    if (++pending == 500) {
                        statement.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    statement.executeBatch();
                }
            }
        });
        Set<String> subjects = new LinkedHashSet<>();
        upserts.forEach(u -> subjects.add(u.subjectId()));
        expiries.recompute(List.copyOf(subjects));
        entityManager.clear();
    }

    /**
     * A consent granted or withdrawn (consent-changed). A grant renews the purpose's last contact and clears an
     * earlier withdrawal; a withdrawal ends the purpose at its time. Unmapped consent purposes are skipped.
     *
     * @return false when the policy maps no purpose to this consent purpose
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean recordConsent(String subjectId, String consentPurpose, boolean granted, Instant at) {
        RetentionPolicy.Purpose purpose = policy.ofConsentPurpose(consentPurpose).orElse(null);
        if (purpose == null) {
            meters.counter("consent.changes.unmapped").increment();
            return false;
        }
        Instant now = clock.instant();
        // A time beyond the allowed skew cannot be right: the change counts from now.
        Instant time = at.isAfter(now.plus(config.clockSkew())) ? now : at;
        entityManager.flush();
        entityManager.createNativeQuery("""
                        insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at,
                                                     withdrawn_at, source)
                        values (?1, ?2, 'contact', cast(?3 as timestamptz), cast(?3 as timestamptz),
                                case when cast(?4 as boolean) then cast(null as timestamptz) else cast(?3 as timestamptz) end, 'consent-changed')
                        on conflict (subject_id, purpose) do update set
                            collected_at = least(inventory_entry.collected_at, excluded.collected_at),
                            last_activity_at = greatest(inventory_entry.last_activity_at, excluded.last_activity_at),
                            withdrawn_at = case
                                when cast(?4 as boolean) then case when inventory_entry.withdrawn_at > cast(?3 as timestamptz) then inventory_entry.withdrawn_at end
                                else greatest(inventory_entry.withdrawn_at, cast(?3 as timestamptz)) end,
                            source = excluded.source""")
                .setParameter(1, subjectId).setParameter(2, purpose.code()).setParameter(3, time).setParameter(4, granted)
                .executeUpdate();
        expiries.recompute(List.of(subjectId));
        return true;
    }

    /**
     * Refuses (422, rolling the caller's transaction back) entries that, once merged, are already expired: the next
     * sweep would erase them at once, so a backend reporting one would trigger an erasure without an officer. Only the
     * privacy officer records them (import, or a single entry). Run after the merge, so the stored clocks count too.
     *
     * @param field the field the error names for the i-th upsert ({@code events[3].at})
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refuseExpired(List<Upsert> upserts, java.util.function.IntFunction<String> field) {
        if (upserts.isEmpty()) {
            return;
        }
        List<Integer> expired = new ArrayList<>();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select u.i - 1 from unnest(?, ?) with ordinality as u(subject_id, purpose, i)
                    join inventory_entry e on e.subject_id = u.subject_id and e.purpose = u.purpose
                    where e.expires_at <= ? order by u.i limit 100""")) {
                statement.setArray(1, connection.createArrayOf("text", upserts.stream().map(Upsert::subjectId).toArray()));
                statement.setArray(2, connection.createArrayOf("text", upserts.stream().map(Upsert::purpose).toArray()));
                setInstant(statement, 3, clock.instant());
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        expired.add(rs.getInt(1));
                    }
                }
            }
        });
        if (!expired.isEmpty()) {
            meters.counter("inventory.expired.refused").increment(expired.size());
            throw Problems.unprocessable("The retention of " + (upserts.size() == 1 ? "this entry" : expired.size()
                    + (expired.size() == 100 ? " or more entries" : " entries")) + " has already expired: recording it "
                    + "would have it erased at the next sweep. A backend may not do that; the privacy officer may import it.",
                    expired.stream().map(i -> new Problem.FieldError(field.apply(i),
                            "the retention of this purpose has already expired")).toList());
        }
    }

    @Transactional
    public List<InventoryEntry> ofSubject(String subjectId) {
        return InventoryEntry.ofSubject(subjectId);
    }

    private static void bind(PreparedStatement statement, Upsert upsert) throws java.sql.SQLException {
        String categories = upsert.categories() == null ? null : DataCategory.join(upsert.categories());
        statement.setString(1, upsert.subjectId());
        statement.setString(2, upsert.purpose());
        statement.setString(3, categories);
        setInstant(statement, 4, upsert.collectedAt());
        setInstant(statement, 5, upsert.lastActivityAt());
        setInstant(statement, 6, upsert.contractEndAt());
        setInstant(statement, 7, upsert.offerEndAt());
        statement.setString(8, upsert.source());
        statement.setBoolean(9, categories != null);
    }

    /** As timestamptz, independent of the JVM's and the session's time zones. */
    static void setInstant(PreparedStatement statement, int index, Instant instant) throws java.sql.SQLException {
        if (instant == null) {
            statement.setNull(index, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, java.time.OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.UTC));
        }
    }
}
