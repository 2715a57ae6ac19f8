package io.privacyplatform.support.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
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
import java.util.function.ToLongFunction;

/**
 * Executes an erasure order on data a service keeps in its own database: deletes the subject's rows,
 * verifies by re-counting, and publishes the system's {@code erasure-confirmed} in the same transaction.
 * Partners, which need retries and read-backs over HTTP, have their own flow in partner-sync-service.
 */
@ApplicationScoped
public class LocalErasure {

    /** The subject's rows in one table. */
    public record SubjectRows(String objectType, ToLongFunction<String> delete, ToLongFunction<String> count) {
    }

    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    LocalErasure(Outbox outbox, MeterRegistry meters) {
        this.outbox = outbox;
        this.meters = meters;
    }

    /** Does nothing when the order does not expect {@code system}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void execute(ErasureOrdered order, String system, SubjectRows rows) {
        if (!order.expectedSystems().contains(system)) {
            Log.debugf("Erasure order %s does not expect system %s: nothing to do", order.orderId(), system);
            return;
        }
        long deleted = rows.delete().applyAsLong(order.subjectId());
        long remaining = rows.count().applyAsLong(order.subjectId());

        ErasureOutcome outcome = remaining > 0 ? ErasureOutcome.FAILED
                : deleted > 0 ? ErasureOutcome.ERASED : ErasureOutcome.NOTHING_HELD;
        Evidence evidence = new Evidence(rows.objectType(), deleted + " rows", "DELETE",
                deleted > 0 ? "deleted" : "already-absent", "re-count: " + remaining + " rows");
        outbox.publish(Events.ERASURE_CONFIRMED, order.subjectId(), new ErasureConfirmed(order.orderId(),
                order.requestId(), order.subjectId(), system, outcome, List.of(evidence), List.of(), List.of(),
                clock.instant()));

        meters.counter("erasures.confirmed", "outcome", outcome.name()).increment();
        Log.infof("Erasure order %s: %d %s deleted, outcome %s", order.orderId(), deleted, rows.objectType(), outcome);
    }
}
