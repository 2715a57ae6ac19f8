package io.privacyplatform.request.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * PostgreSQL advisory locks held until the transaction ends: the one place request-service takes them (filings
 * of a subject serialised; one replica at a time for the export collector and the silence check).
 */
@ApplicationScoped
public class AdvisoryLocks {

    private final EntityManager entityManager;

    AdvisoryLocks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Waits for the lock of a subject's filings. */
    public void lockSubject(String subjectId) {
        entityManager.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtextextended(?1, 4))) l")
                .setParameter(1, subjectId).getSingleResult();
    }

    /** Takes the lock named by {@code key} if no other transaction holds it; false when another one does. */
    public boolean tryLock(long key) {
        Boolean locked = (Boolean) entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
                .setParameter(1, key).getSingleResult();
        return Boolean.TRUE.equals(locked);
    }
}
