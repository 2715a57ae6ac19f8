package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.ErasureTask;
import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskStatus;
import io.privacyplatform.partnersync.client.PartnerAdapter;
import io.privacyplatform.partnersync.client.PartnerAdapter.ErasureEvidence;
import io.privacyplatform.partnersync.client.PartnerException;
import io.privacyplatform.partnersync.client.PermanentPartnerException;
import io.privacyplatform.partnersync.client.TransientPartnerException;
import io.privacyplatform.partnersync.config.ErasureConfig;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Executes one due task in the caller's transaction: claims it with {@code FOR UPDATE SKIP LOCKED} (so
 * replicas never run the same task twice at once), calls the partner's adapter, stores the outcome or the
 * next attempt, and when it was the last open task of its (order, partner) publishes the confirmation in
 * the same transaction.
 */
@ApplicationScoped
public class ErasureTaskRunner {

    private final EntityManager entityManager;
    private final Map<String, PartnerAdapter> adapters;
    private final ErasureConfirmations confirmations;
    private final ErasureConfig config;
    private final Backoff backoff;

    ErasureTaskRunner(EntityManager entityManager, Instance<PartnerAdapter> adapters,
                      ErasureConfirmations confirmations, ErasureConfig config) {
        this.entityManager = entityManager;
        this.adapters = adapters.stream().collect(Collectors.toUnmodifiableMap(PartnerAdapter::partner, Function.identity()));
        this.confirmations = confirmations;
        this.config = config;
        this.backoff = Backoff.of(config.retry());
    }

    /** @return false when no task was due (or all due ones are being run by other replicas) */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean runOneDueTask() {
        Instant now = Instant.now();
        @SuppressWarnings("unchecked")
        List<ErasureTask> due = entityManager.createNativeQuery("""
                        select * from erasure_task
                        where status = 'PENDING' and next_attempt_at <= ?1
                        order by next_attempt_at
                        limit 1
                        for update skip locked""", ErasureTask.class)
                .setParameter(1, now)
                .getResultList();
        if (due.isEmpty()) {
            return false;
        }
        run(due.get(0), now);
        return true;
    }

    private void run(ErasureTask task, Instant now) {
        task.attempts++;
        task.lastAttemptAt = now;
        PartnerAdapter adapter = adapters.get(task.partner);
        try {
            if (adapter == null) {
                throw new PermanentPartnerException(task.partner, 0, "no adapter for partner " + task.partner);
            }
            ErasureEvidence evidence = adapter.erase(task.type(), task.objectId);
            succeed(task, evidence, now);
        } catch (PermanentPartnerException e) {
            fail(task, e.reason(), now);
        } catch (TransientPartnerException e) {
            retryOrFail(task, e.reason(), e.retryAfter(), now);
        } catch (CircuitBreakerOpenException e) {
            retryOrFail(task, "circuit breaker open for " + task.partner, Optional.empty(), now);
        } catch (PartnerException e) {
            retryOrFail(task, e.reason(), Optional.empty(), now);
        } catch (RuntimeException e) {
            Log.warnf("Erasure task %s at %s failed unexpectedly: %s", task.id, task.partner, SafeLog.describe(e));
            retryOrFail(task, "unexpected " + e.getClass().getSimpleName(), Optional.empty(), now);
        }
        if (task.status != TaskStatus.PENDING) {
            confirmations.confirmIfComplete(task.partnerErasureId);
        }
    }

    private void succeed(ErasureTask task, ErasureEvidence evidence, Instant now) {
        task.status = TaskStatus.DONE;
        task.completedAt = now;
        task.result = evidence.result();
        task.action = evidence.action();
        task.verification = evidence.verification();
        task.lastError = null;
        if (task.processorRecordId != null) {
            ProcessorRecord record = ProcessorRecord.findById(task.processorRecordId);
            if (record != null && record.erasedAt == null) {
                record.erasedAt = now;
                PartnerErasure erasure = PartnerErasure.findById(task.partnerErasureId);
                record.erasedByOrder = erasure.orderId;
            }
        }
        Log.infof("Erasure task %s at %s done after %d attempt(s): %s", task.id, task.partner, task.attempts, evidence.result());
    }

    private void retryOrFail(ErasureTask task, String reason, Optional<Duration> hint, Instant now) {
        ErasureConfig.Retry retry = config.retry();
        Duration delay = backoff.delay(task.attempts, hint);
        Instant next = now.plus(delay);
        if (task.attempts >= retry.maxAttempts() || next.isAfter(task.createdAt.plus(retry.maxAge()))) {
            fail(task, reason, now);
            return;
        }
        task.nextAttemptAt = next;
        task.lastError = truncate(reason);
        Log.infof("Erasure task %s at %s failed (attempt %d: %s), next attempt in %d ms", task.id, task.partner,
                task.attempts, reason, delay.toMillis());
    }

    private void fail(ErasureTask task, String reason, Instant now) {
        task.status = TaskStatus.FAILED;
        task.completedAt = now;
        task.result = "failed";
        task.lastError = truncate(reason);
        Log.warnf("Erasure task %s at %s gave up after %d attempt(s): %s", task.id, task.partner, task.attempts, reason);
    }

    private static String truncate(String reason) {
        return reason.length() <= 500 ? reason : reason.substring(0, 500);
    }
}
