package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.ErasureTask;
import io.privacyplatform.partnersync.config.ErasureConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs due erasure tasks every {@code partner-sync.worker.every}, one transaction per task. Safe with
 * several replicas: each claims its task with {@code FOR UPDATE SKIP LOCKED}, so they share the work and
 * never run one task twice at the same time.
 */
@ApplicationScoped
public class ErasureWorker {

    private final ErasureTaskRunner runner;
    private final ErasureMetrics metrics;
    private final ErasureConfig config;

    ErasureWorker(ErasureTaskRunner runner, ErasureMetrics metrics, ErasureConfig config) {
        this.runner = runner;
        this.metrics = metrics;
        this.config = config;
    }

    @Scheduled(identity = "partner-sync-erasure-worker", every = "${partner-sync.worker.every:1s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void runDueTasks() {
        int timeout = (int) Math.max(1, config.worker().taskTimeout().toSeconds());
        try {
            for (int i = 0; i < config.worker().batchSize(); i++) {
                boolean ran = QuarkusTransaction.requiringNew().timeout(timeout).call(runner::runOneDueTask);
                if (!ran) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // The task's transaction rolled back: it stays due and is tried again at the next run.
            Log.warnf("Erasure worker run failed: %s", SafeLog.describe(e));
        } finally {
            refreshPendingGauge();
        }
    }

    private void refreshPendingGauge() {
        try {
            metrics.pendingTasks(QuarkusTransaction.requiringNew().call(ErasureTask::countAllPending));
        } catch (RuntimeException e) {
            Log.debugf("Could not count pending erasure tasks: %s", SafeLog.describe(e));
        }
    }
}
