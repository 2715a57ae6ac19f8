package io.privacyplatform.request.service.purge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.PurgeRun;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The purge of request-service's own records (retention-policy.yaml, rules {@code heldBy: request-service}): closed
 * requests' bodies, expired export documents, unverified email filings, ended post-mortem directives, and at the end of
 * the accountability period the proof itself. One transaction under an advisory lock, so one replica purges at a time;
 * set-based statements ({@link OwnRecordRules}); each run is recorded ({@link PurgeRun}) with its counts per rule.
 * Checked at startup: a policy file this service cannot enforce stops it.
 */
@Startup
@ApplicationScoped
public class RecordPurge {

    /** Arbitrary constant naming the purge's advisory lock. */
    private static final long PURGE_LOCK = 0x7265712d70757267L;

    public static final String SCHEDULE = "SCHEDULE";
    public static final String ON_DEMAND = "ON_DEMAND";

    private final OwnRecordRules rules;
    private final String policyVersion;
    private final Deadlines deadlines;
    private final AdvisoryLocks locks;
    private final EntityManager entityManager;
    private final ObjectMapper json;

    RecordPurge(RetentionPolicy policy, RequestsConfig config, Deadlines deadlines, AdvisoryLocks locks,
                EntityManager entityManager, ObjectMapper json) {
        this.rules = OwnRecordRules.of(policy, config.export().linkTtl());
        this.policyVersion = policy.version();
        this.deadlines = deadlines;
        this.locks = locks;
        this.entityManager = entityManager;
        this.json = json;
    }

    @Scheduled(cron = "${requests.purge.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge(SCHEDULE, DataSubjectRequest.SYSTEM_ACTOR);
        } catch (RuntimeException e) {
            Log.warnf("Purge of request-service's own records failed, will run again: %s", SafeLog.describe(e));
        }
    }

    /** Runs the purge now; empty when another one is running (on any replica). */
    public Optional<PurgeRun> purge(String trigger, String startedBy) {
        return QuarkusTransaction.requiringNew().timeout(600).call(() -> purgeOnce(trigger, startedBy));
    }

    private Optional<PurgeRun> purgeOnce(String trigger, String startedBy) {
        if (!locks.tryLock(PURGE_LOCK)) {
            return Optional.empty();
        }
        Instant now = deadlines.now();
        // Lets this transaction delete whole audit chains (trigger of migration V7), at the end of accountability only.
        entityManager.createNativeQuery("select set_config('request_service.purge', 'accountability-ended', true)")
                .getSingleResult();
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (OwnRecordRules.Step step : rules.steps()) {
            Object row = entityManager.createNativeQuery(step.sql()).setParameter(1, now).getSingleResult();
            Object[] columns = row instanceof Object[] values ? values : new Object[] {row};
            Map<String, Long> ofRule = counts.computeIfAbsent(step.rule(), r -> new LinkedHashMap<>());
            List<String> records = step.records();
            for (int i = 0; i < records.size(); i++) {
                ofRule.merge(records.get(i), ((Number) columns[i]).longValue(), Long::sum);
            }
        }
        PurgeRun run = new PurgeRun();
        run.id = UUID.randomUUID();
        run.trigger = trigger;
        run.startedBy = startedBy;
        run.startedAt = now;
        run.finishedAt = deadlines.now();
        run.policyVersion = policyVersion;
        run.counts = write(counts);
        run.persist();
        Log.infof("Purge %s of request-service's own records: %s", run.id, run.counts);
        return Optional.of(run);
    }

    private String write(Map<String, Map<String, Long>> counts) {
        try {
            return json.writeValueAsString(counts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the purge's counts", e);
        }
    }
}
