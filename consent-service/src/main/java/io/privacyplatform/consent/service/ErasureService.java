package io.privacyplatform.consent.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;

/**
 * Executes an erasure order on the consent ledger: every record of the subject is deleted, the deletion is
 * verified by a re-count, and {@code erasure-confirmed} is published in the same transaction.
 */
@ApplicationScoped
public class ErasureService {

    static final String OBJECT_TYPE = "consent-records";

    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;

    ErasureService(Outbox outbox, MeterRegistry meters) {
        this.outbox = outbox;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void erase(ErasureOrdered order) {
        if (!order.expectedSystems().contains(Systems.CONSENT)) {
            Log.debugf("Erasure order %s does not expect system %s: nothing to do", order.orderId(), Systems.CONSENT);
            return;
        }
        long deleted = ConsentRecord.deleteOfSubject(order.subjectId());
        long remaining = ConsentRecord.countOfSubject(order.subjectId());

        ErasureOutcome outcome = remaining > 0 ? ErasureOutcome.FAILED
                : deleted > 0 ? ErasureOutcome.ERASED : ErasureOutcome.NOTHING_HELD;
        Evidence evidence = new Evidence(OBJECT_TYPE, deleted + " rows", "DELETE",
                deleted > 0 ? "deleted" : "already-absent", "re-count: " + remaining + " rows");
        outbox.publish(Events.ERASURE_CONFIRMED, order.subjectId(), new ErasureConfirmed(order.orderId(),
                order.requestId(), order.subjectId(), Systems.CONSENT, outcome, List.of(evidence), List.of(), List.of(),
                clock.instant()));

        meters.counter("erasures.confirmed", "outcome", outcome.name()).increment();
        Log.infof("Erasure order %s: %d consent records deleted, outcome %s", order.orderId(), deleted, outcome);
    }
}
