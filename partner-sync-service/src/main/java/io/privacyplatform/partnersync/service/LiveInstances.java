package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.client.PartnerGate;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;

import java.util.UUID;

/**
 * The live instances of partner-sync, so that they share each partner's rate limit: every {@code
 * partners.instances.heartbeat} this instance refreshes its row in {@code partner_sync_instance}, deletes the rows
 * older than {@code partners.instances.expiry} (dead instances) and counts the others; when the count changes, every
 * partner's {@link PartnerGate} gets its new share. Times are the database's ({@code now()}), never the pods' clocks.
 * <p>
 * The instance id is a random UUID per start: a restarted pod is a new instance, and the row of one that died expires.
 */
@ApplicationScoped
public class LiveInstances {

    /** Before SmallRye Reactive Messaging starts the consumers (LIBRARY_BEFORE): their new tasks wake the lanes up. */
    static final int REGISTER_PRIORITY = Interceptor.Priority.LIBRARY_BEFORE - 100;
    /** After {@link TaskDispatcher}'s shutdown (default priority): its running tasks call the partners in their grace. */
    static final int DEREGISTER_PRIORITY = Interceptor.Priority.APPLICATION + 1000;

    private final String instanceId = UUID.randomUUID().toString();
    private final EntityManager entityManager;
    private final PartnerConnectors connectors;
    private final PartnersConfig.Instances config;
    /** The live instances last counted (this one included); kept while the database cannot be reached. */
    private int live = 1;
    private boolean unreachable;
    private boolean stopped;

    LiveInstances(EntityManager entityManager, PartnerConnectors connectors, PartnersConfig partners) {
        this.entityManager = entityManager;
        this.connectors = connectors;
        this.config = partners.instances();
        if (config.expiry().compareTo(config.heartbeat()) <= 0) {
            Log.warnf("partners.instances.expiry (%s) is not longer than the heartbeat (%s): the instances will not "
                    + "see each other and each will use the partners' whole rate limits", config.expiry(), config.heartbeat());
        }
    }

    /** Counts this instance before any task is claimed, so that it starts with its share, not the whole limit. */
    void onStart(@Observes @Priority(REGISTER_PRIORITY) StartupEvent event) {
        heartbeat();
    }

    @Scheduled(identity = "partner-sync-live-instances", every = "${partners.instances.heartbeat:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void scheduledHeartbeat() {
        heartbeat();
    }

    /** Refreshes this instance's row, forgets the dead ones, and shares the partners' limits among the live ones. */
    synchronized void heartbeat() {
        if (stopped) {
            return; // the row is gone: a late heartbeat must not bring it back
        }
        int counted;
        try {
            counted = QuarkusTransaction.requiringNew().call(this::refreshAndCount);
        } catch (RuntimeException e) {
            // No count: the last share is the best guess. Without the database no task can be claimed either.
            if (!unreachable) {
                Log.warnf("Could not count the live partner-sync instances; the partners' rate limits stay shared "
                        + "%d way(s): %s", live, SafeLog.describe(e));
            }
            unreachable = true;
            return;
        }
        if (unreachable) {
            Log.info("The live partner-sync instances are counted again");
            unreachable = false;
        }
        if (counted != live) {
            Log.infof("%d live partner-sync instance(s), %d before: each partner's rate limit is shared %d way(s)",
                    counted, live, counted);
            live = counted;
        }
        // Every time, not only on a change: a gate whose share is already right does nothing.
        for (PartnerGate gate : connectors.gates()) {
            gate.share(counted);
        }
    }

    /** One transaction, so one database {@code now()} for the refresh, the expiry and the count. */
    private int refreshAndCount() {
        entityManager.createNativeQuery("""
                        insert into partner_sync_instance (instance_id, seen_at) values (?1, now())
                        on conflict (instance_id) do update set seen_at = excluded.seen_at""")
                .setParameter(1, instanceId)
                .executeUpdate();
        entityManager.createNativeQuery(
                        "delete from partner_sync_instance where seen_at < now() - ?1 * interval '1 millisecond'")
                .setParameter(1, config.expiry().toMillis())
                .executeUpdate();
        Number count = (Number) entityManager.createNativeQuery("select count(*) from partner_sync_instance")
                .getSingleResult();
        return Math.max(1, count.intValue());
    }

    /** Deletes this instance's row, so the others take its share at their next heartbeat instead of after the expiry. */
    synchronized void onStop(@Observes @Priority(DEREGISTER_PRIORITY) ShutdownEvent event) {
        stopped = true;
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("delete from partner_sync_instance where instance_id = ?1")
                    .setParameter(1, instanceId)
                    .executeUpdate());
        } catch (RuntimeException e) {
            Log.warnf("Shutdown: could not delete this instance's row; it expires after %s: %s", config.expiry(),
                    SafeLog.describe(e));
        }
    }

    /** This instance's id (a random UUID per start), the holder of the leases it takes. */
    public String id() {
        return instanceId;
    }

    /** How long an instance that stopped refreshing its row still counts as live. */
    public java.time.Duration expiry() {
        return config.expiry();
    }

    /** The live instances last counted, this one included. */
    public synchronized int count() {
        return live;
    }
}
