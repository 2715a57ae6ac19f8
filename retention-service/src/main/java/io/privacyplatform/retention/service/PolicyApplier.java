package io.privacyplatform.retention.service;

import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * Keeps the stored expiries in step with the policy: at startup, when the policy file or a parameter changed since
 * the expiries were computed, recomputes every entry in one statement. Also the single place where expiries are
 * computed for written entries ({@link #recompute}), so that the sweep, the clocks and the policy agree.
 */
@ApplicationScoped
public class PolicyApplier {

    private static final long APPLY_LOCK = 0x726574706f6cL;

    private final EntityManager entityManager;
    private final AdvisoryLocks locks;
    private final RetentionPolicy policy;
    private final Clock clock;
    private final String expirySql;

    PolicyApplier(EntityManager entityManager, AdvisoryLocks locks, RetentionPolicy policy, Clock clock) {
        this.entityManager = entityManager;
        this.locks = locks;
        this.policy = policy;
        this.clock = clock;
        this.expirySql = PolicySql.expiry(policy);
    }

    void onStart(@Observes StartupEvent event) {
        String fingerprint = fingerprint();
        QuarkusTransaction.requiringNew().run(() -> {
            locks.lock(APPLY_LOCK);
            @SuppressWarnings("unchecked")
            List<String> stored = entityManager.createNativeQuery("select fingerprint from retention_policy_state where id = 1")
                    .getResultList();
            if (!stored.isEmpty() && stored.get(0).equals(fingerprint)) {
                return;
            }
            int updated = entityManager.createNativeQuery("update inventory_entry e set expires_at = " + expirySql).executeUpdate();
            entityManager.createNativeQuery("""
                            insert into retention_policy_state (id, policy_version, fingerprint, applied_at) values (1, ?1, ?2, ?3)
                            on conflict (id) do update set policy_version = excluded.policy_version,
                                fingerprint = excluded.fingerprint, applied_at = excluded.applied_at""")
                    .setParameter(1, policy.version()).setParameter(2, fingerprint).setParameter(3, clock.instant())
                    .executeUpdate();
            Log.infof("Retention policy %s applied: %d inventory expiries recomputed", policy.version(), updated);
        });
    }

    /** Recomputes the expiry of every entry of the given subjects (call after writing them, same transaction). */
    public void recompute(List<String> subjectIds) {
        if (subjectIds.isEmpty()) {
            return;
        }
        entityManager.flush();
        entityManager.createNativeQuery("update inventory_entry e set expires_at = " + expirySql
                        + " where e.subject_id = any(cast(?1 as varchar[]))")
                .setParameter(1, subjectIds.toArray(String[]::new))
                .executeUpdate();
    }

    private String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((policy.version() + "\n" + expirySql).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
