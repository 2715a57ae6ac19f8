package io.privacyplatform.support.lock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL advisory locks scoped to the caller's transaction: released at commit or rollback, so none can
 * leak. Used where several replicas must not do the same thing at once (one relay, one sweep) or where there
 * is no row to lock yet (the first change of a key). Keys are constants of the caller or names hashed by
 * PostgreSQL ({@code hashtext}), so every replica computes the same lock.
 */
@ApplicationScoped
public class AdvisoryLocks {

    private final EntityManager entityManager;

    AdvisoryLocks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    // The waiting locks are called in FROM and answer 1: their own result is void, a type Hibernate does not map;
    // resolving it threw and caught an exception inside Hibernate at every call (a filing's CPU, seen by perf).

    /** Waits for the lock {@code key}. */
    public void lock(long key) {
        entityManager.createNativeQuery("select 1 from pg_advisory_xact_lock(?1)").setParameter(1, key).getSingleResult();
    }

    /** Waits for the lock of {@code name} (its {@code hashtext}). */
    public void lock(String name) {
        entityManager.createNativeQuery("select 1 from pg_advisory_xact_lock(hashtext(?1))").setParameter(1, name)
                .getSingleResult();
    }

    /** Waits for the lock of {@code name} within {@code namespace} (two-key form: never meets a one-key lock). */
    public void lock(int namespace, String name) {
        entityManager.createNativeQuery("select 1 from pg_advisory_xact_lock(?1, hashtext(?2))")
                .setParameter(1, namespace).setParameter(2, name).getSingleResult();
    }

    /** Takes the lock {@code key} if free; false when another transaction holds it. */
    public boolean tryLock(long key) {
        Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)").setParameter(1, key)
                .getSingleResult();
        return Boolean.TRUE.equals(locked);
    }

    /** {@link #lock(String)} on a plain JDBC connection, in its current transaction. */
    public static void lock(Connection connection, String name) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, name);
            lock.executeQuery().close();
        }
    }

    /** {@link #tryLock(long)} on a plain JDBC connection, in its current transaction. */
    public static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
