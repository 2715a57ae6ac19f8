package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.InventoryEntry;
import io.privacyplatform.retention.Purpose;
import io.privacyplatform.retention.config.RetentionConfig;
import io.privacyplatform.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The inventory: one entry per subject and purpose, registered and kept up to date by the platform. */
@ApplicationScoped
public class InventoryService {

    private final EntityManager entityManager;
    private final RetentionConfig config;
    private final MeterRegistry meters;
    private final Clock clock;

    InventoryService(EntityManager entityManager, RetentionConfig config, MeterRegistry meters) {
        this.entityManager = entityManager;
        this.config = config;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /** The entry as stored, and whether this call created it. */
    public record Registration(InventoryEntry entry, boolean created) {
    }

    /**
     * Registers what is held for a subject and purpose, or updates it. The categories given replace the
     * previous ones (they state what is held now); the collection time only moves back and the last
     * activity only forward, so a late or repeated report never shortens a retention clock. One atomic
     * statement: concurrent reports for the same entry cannot collide.
     *
     * @param collectedAt    when the data was first collected, or null for now (or the last activity if earlier)
     * @param lastActivityAt the subject's last activity for this purpose, or null for now
     */
    @Transactional
    public Registration register(String subjectId, Purpose purpose, Set<DataCategory> categories,
                                 Instant collectedAt, Instant lastActivityAt) {
        Instant now = clock.instant();
        Instant lastActivity = lastActivityAt == null ? now : lastActivityAt;
        Instant collected = collectedAt != null ? collectedAt : lastActivity.isBefore(now) ? lastActivity : now;
        Instant latestAllowed = now.plus(config.clockSkew());
        if (collected.isAfter(latestAllowed) || lastActivity.isAfter(latestAllowed)) {
            throw ProblemException.unprocessable("collectedAt and lastActivityAt cannot lie in the future.");
        }
        if (lastActivity.isBefore(collected)) {
            throw ProblemException.unprocessable("lastActivityAt cannot be earlier than collectedAt.");
        }

        Boolean created = (Boolean) entityManager.createNativeQuery("""
                        insert into inventory_entry (subject_id, purpose, data_categories, collected_at, last_activity_at)
                        values (?1, ?2, ?3, ?4, ?5)
                        on conflict (subject_id, purpose) do update set
                            data_categories = excluded.data_categories,
                            collected_at = least(inventory_entry.collected_at, excluded.collected_at),
                            last_activity_at = greatest(inventory_entry.last_activity_at, excluded.last_activity_at)
                        returning (xmax = 0)""")
                .setParameter(1, subjectId)
                .setParameter(2, purpose.code())
                .setParameter(3, DataCategory.join(categories))
                .setParameter(4, collected)
                .setParameter(5, lastActivity)
                .getSingleResult();
        InventoryEntry entry = InventoryEntry.of(subjectId, purpose).orElseThrow();
        meters.counter("inventory.registered", "purpose", purpose.code(),
                "created", Boolean.toString(Boolean.TRUE.equals(created))).increment();
        return new Registration(entry, Boolean.TRUE.equals(created));
    }

    @Transactional
    public List<InventoryEntry> ofSubject(String subjectId) {
        return InventoryEntry.ofSubject(subjectId);
    }
}
