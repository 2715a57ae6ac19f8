package io.privacyplatform.support.erasure;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
    private final Clock clock;

    LocalErasure(Outbox outbox, MeterRegistry meters, Clock clock) {
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
    }

    /** Does nothing when the order does not expect {@code system}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void execute(ErasureOrdered order, String system, SubjectRows rows) {
        execute(order, system, List.of(rows), subjectId -> List.of());
    }

    /**
     * Erases several tables and reports what the service keeps on purpose. {@code retain} runs before the
     * deletions (it may read what is about to go, e.g. to keep a keyed hash on a suppression list) and
     * returns what is kept with its legal basis; data erased with something retained is PARTIALLY_ERASED.
     * Does nothing when the order does not expect {@code system}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void execute(ErasureOrdered order, String system, List<SubjectRows> tables,
                        Function<String, List<Exemption>> retain) {
        if (!order.expectedSystems().contains(system)) {
            Log.debugf("Erasure order %s does not expect system %s: nothing to do", order.orderId(), system);
            return;
        }
        List<Exemption> retained = retain.apply(order.subjectId());
        List<Evidence> evidence = new ArrayList<>();
        long deletedTotal = 0;
        long remainingTotal = 0;
        for (SubjectRows rows : tables) {
            long deleted = rows.delete().applyAsLong(order.subjectId());
            long remaining = rows.count().applyAsLong(order.subjectId());
            deletedTotal += deleted;
            remainingTotal += remaining;
            evidence.add(new Evidence(rows.objectType(), deleted + " rows", "DELETE",
                    deleted > 0 ? "deleted" : "already-absent", "re-count: " + remaining + " rows"));
        }

        ErasureOutcome outcome = remainingTotal > 0 ? ErasureOutcome.FAILED
                : deletedTotal == 0 ? ErasureOutcome.NOTHING_HELD
                : retained.isEmpty() ? ErasureOutcome.ERASED : ErasureOutcome.PARTIALLY_ERASED;
        outbox.publish(Events.ERASURE_CONFIRMED, order.subjectId(), new ErasureConfirmed(order.orderId(),
                order.requestId(), order.subjectId(), system, outcome, List.copyOf(evidence), List.copyOf(retained),
                List.of(), clock.instant()));

        meters.counter("erasures.confirmed", "outcome", outcome.name()).increment();
        Log.infof("Erasure order %s: %d rows deleted in %d tables, %d kept on purpose, outcome %s", order.orderId(),
                deletedTotal, tables.size(), retained.size(), outcome);
    }
}
