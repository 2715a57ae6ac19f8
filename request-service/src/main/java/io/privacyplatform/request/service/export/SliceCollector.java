package io.privacyplatform.request.service.export;

import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.ExportSlice;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.client.ExportSlices;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.logging.SafeLog;
import io.privacyplatform.support.retry.Backoff;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The scheduled worker of the exports: fetches each due slice from its service, records a failure's code with a
 * doubling backoff (a malformed or unauthorized answer also puts the request on the officer's attention list), and
 * hands a job whose every slice is in to {@link ExportDocuments}. Everything is in the database, so a restart
 * resumes where it stopped; an advisory lock lets one replica work at a time.
 */
@ApplicationScoped
public class SliceCollector {

    /** Arbitrary constant naming the export worker's advisory lock: one replica works at a time. */
    private static final long WORK_LOCK = 0x6578706f72747331L;

    private final RequestsConfig config;
    private final ExportSlices slices;
    private final Deadlines deadlines;
    private final ExportJobs jobs;
    private final ExportDocuments documents;
    private final AdvisoryLocks locks;
    private final EntityManager entityManager;
    /** Doubling from {@code initial-backoff} up to {@code max-backoff}, without jitter (one replica works at a time). */
    private final Backoff backoff;

    SliceCollector(RequestsConfig config, ExportSlices slices, Deadlines deadlines, ExportJobs jobs, ExportDocuments documents,
                   AdvisoryLocks locks, EntityManager entityManager) {
        this.config = config;
        this.slices = slices;
        this.deadlines = deadlines;
        this.jobs = jobs;
        this.documents = documents;
        this.locks = locks;
        this.entityManager = entityManager;
        this.backoff = new Backoff(config.export().initialBackoff(), config.export().maxBackoff(), 0, () -> 0);
    }

    /** Fetches due slices and assembles complete exports. Safe with several replicas (advisory lock). */
    @Scheduled(every = "${requests.export.work-every}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void work() {
        try {
            QuarkusTransaction.requiringNew().timeout(300).run(this::workOnce);
        } catch (RuntimeException e) {
            Log.warnf("Export worker failed, will run again: %s", SafeLog.describe(e));
        }
    }

    void workOnce() {
        if (!locks.tryLock(WORK_LOCK)) {
            return;
        }
        Instant now = deadlines.now();
        List<ExportSlice> due = entityManager.createQuery("select s from ExportSlice s, ExportJob j where j.requestId = s.requestId"
                        + " and j.status = ?1 and s.status <> ?2 and s.nextAttemptAt <= ?3 order by s.nextAttemptAt", ExportSlice.class)
                .setParameter(1, ExportJob.Status.PENDING).setParameter(2, ExportSlice.Status.RECEIVED).setParameter(3, now)
                .setMaxResults(config.export().batch()).getResultList();
        Set<UUID> touched = new LinkedHashSet<>();
        for (ExportSlice slice : due) {
            ExportJob job = ExportJob.findById(slice.requestId);
            if (job == null || job.status != ExportJob.Status.PENDING) {
                continue;
            }
            DataSubjectRequest request = DataSubjectRequest.findById(job.requestId);
            if (request.status() == RequestStatus.WITHDRAWN || request.status() == RequestStatus.REJECTED) {
                // Nothing is assembled for a request the subject took back: the slices read so far are dropped.
                jobs.cancel(job);
                continue;
            }
            ExportSlices.Result result;
            try {
                result = slices.fetch(slice.service, job.subjectId);
            } catch (RuntimeException e) {
                // Timeout (fault tolerance) or anything else on the way: the service is retried later.
                result = new ExportSlices.Result(null, "UNAVAILABLE");
            }
            record(job, slice, result, deadlines.now());
            touched.add(job.requestId);
        }
        for (UUID requestId : touched) {
            ExportJob job = ExportJob.findById(requestId);
            if (job.status == ExportJob.Status.PENDING && ExportSlice.of(requestId).stream().allMatch(s -> s.status == ExportSlice.Status.RECEIVED)) {
                documents.assemble(job, deadlines.now());
            }
        }
    }

    private void record(ExportJob job, ExportSlice slice, ExportSlices.Result result, Instant now) {
        slice.attempts++;
        slice.lastAttemptAt = now;
        if (result.ok()) {
            slice.status = ExportSlice.Status.RECEIVED;
            slice.lastError = null;
            documents.storeSlice(slice, result.slice());
            return;
        }
        slice.status = ExportSlice.Status.FAILED;
        slice.lastError = result.error();
        slice.nextAttemptAt = now.plus(backoff.delay(slice.attempts, Optional.empty()));
        Log.infof("Export %s: slice from %s not in (%s, attempt %d)", job.requestId, slice.service, result.error(), slice.attempts);
        if (result.malformed() || "UNAUTHORIZED".equals(result.error())) {
            // Retrying alone will not fix this: the officer is told which service failed.
            DataSubjectRequest request = DataSubjectRequest.lock(job.requestId).orElseThrow();
            String reason = "export waiting: " + slice.service + " answered " + result.error();
            if (request.status() == RequestStatus.IN_PROGRESS && !reason.equals(request.attentionReason)) {
                request.attentionSince = request.attentionSince == null ? now : request.attentionSince;
                request.attentionReason = reason;
                request.record(AuditKind.ATTENTION, DataSubjectRequest.SYSTEM_ACTOR, now, reason);
            }
        }
    }
}
