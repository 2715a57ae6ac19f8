package io.privacyplatform.support.journal;

import io.privacyplatform.policy.Register;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Deletes the access journal's entries older than its period (retention-policy.yaml, rule {@code access-journal},
 * read at startup: a policy file without it stops the service). Only a prefix of the chain goes: the entries before
 * the first one still in its period. The hash of the last deleted entry is kept as the anchor, so that the entries
 * left still verify from it; the trigger lets a DELETE through only for entries the anchor covers.
 */
@ApplicationScoped
@Startup
public class AccessJournalPurge {

    private static final Logger LOG = Logger.getLogger(AccessJournalPurge.class);

    private final EntityManager entityManager;
    private final AdvisoryLocks locks;
    private final Clock clock;
    private final Period period;

    AccessJournalPurge(EntityManager entityManager, AdvisoryLocks locks, Clock clock) {
        this.entityManager = entityManager;
        this.locks = locks;
        this.clock = clock;
        this.period = Register.readRetentionPolicy().accessJournalPeriod();
    }

    /** The period of the policy file. */
    public Period period() {
        return period;
    }

    @Scheduled(every = "${platform.access-journal.purge-every}", identity = "access-journal-purge",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        long purged = purge();
        if (purged > 0) {
            LOG.infof("Access journal: %d entries older than %s purged", purged, period);
        }
    }

    /** Deletes the entries past the period; returns how many. */
    @Transactional
    public long purge() {
        locks.lock(AccessJournal.CHAIN_LOCK);
        Instant cutoff = clock.instant().atOffset(ZoneOffset.UTC).minus(period).toInstant();
        List<?> last = entityManager.createNativeQuery("""
                        select position, hash from access_journal
                        where recorded_at < :cutoff
                          and position < coalesce((select min(position) from access_journal where recorded_at >= :cutoff),
                                                  9223372036854775807)
                        order by position desc limit 1""")
                .setParameter("cutoff", cutoff).getResultList();
        if (last.isEmpty()) {
            return 0;
        }
        Object[] row = (Object[]) last.get(0);
        long through = ((Number) row[0]).longValue();
        int deleted = entityManager.createNativeQuery("""
                        update access_journal_anchor set purged_through = :through, last_hash = :hash, purged_at = :now,
                            purged_entries = purged_entries + (select count(*) from access_journal where position <= :through)
                        where id = 1""")
                .setParameter("through", through).setParameter("hash", row[1]).setParameter("now", clock.instant())
                .executeUpdate();
        if (deleted != 1) {
            throw new IllegalStateException("access_journal_anchor has no row");
        }
        return entityManager.createNativeQuery("delete from access_journal where position <= :through")
                .setParameter("through", through).executeUpdate();
    }
}
