package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.outbox.OutboxRelay;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Consent lapses (policy §4, 4th criterion): on a schedule ({@code retention.consent-lapse.cron}, before the sweep by
 * default) and on demand, every consent purpose whose inactivity period has ended is reported once per last contact
 * as {@code consent-lapsed}, for consent-service to withdraw it. One run at a time across replicas (a
 * transaction-scoped advisory lock); the run is one transaction: the records and their events commit together.
 */
@ApplicationScoped
public class ConsentLapses {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String ON_DEMAND = "ON_DEMAND";

    /** A finished run. */
    public record Run(String trigger, Instant evaluatedAt, long published, Map<String, Long> byPurpose) {
    }

    private final EntityManager entityManager;
    private final ConsentLapseStatements statements;
    private final OutboxRelay relay;
    private final MeterRegistry meters;
    private final Clock clock;

    ConsentLapses(EntityManager entityManager, RetentionPolicy policy, Outbox outbox, OutboxRelay relay,
                  MeterRegistry meters, Clock clock) {
        this.entityManager = entityManager;
        this.statements = new ConsentLapseStatements(policy, outbox.bulk());
        this.relay = relay;
        this.meters = meters;
        this.clock = clock;
    }

    @Scheduled(identity = "retention-consent-lapse", cron = "${retention.consent-lapse.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (run(SCHEDULED).isEmpty()) {
            Log.info("Scheduled consent-lapse run skipped: another replica is running it");
        }
    }

    /** Runs now; empty when another run holds the lock. */
    public Optional<Run> run(String trigger) {
        Optional<Run> run = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            ConsentLapseStatements.Outcome[] outcome = new ConsentLapseStatements.Outcome[1];
            entityManager.unwrap(Session.class).doWork(connection -> {
                if (ConsentLapseStatements.tryLock(connection)) {
                    outcome[0] = statements.execute(connection, now);
                }
            });
            return Optional.ofNullable(outcome[0]).map(o -> new Run(trigger, now, o.published(), o.byPurpose()));
        });
        run.ifPresent(r -> {
            if (r.published() > 0) {
                relay.wakeUp();
            }
            meters.counter("retention.consent.lapses", "trigger", trigger).increment(r.published());
            Log.infof("Consent-lapse run (%s): %d lapse(s) published %s", trigger, r.published(), r.byPurpose());
        });
        return run;
    }
}
