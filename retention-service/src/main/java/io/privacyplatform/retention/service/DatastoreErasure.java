package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.config.DatastoreErasureConfig;
import io.privacyplatform.retention.datastore.DatastoreConnector.ErasureOrder;
import io.privacyplatform.retention.datastore.Datastores;
import io.privacyplatform.retention.datastore.ErasureEvidence;
import io.privacyplatform.support.inbox.IncomingEvent;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.outbox.OutboxEvent;
import io.privacyplatform.support.outbox.OutboxRelay;
import io.privacyplatform.support.retry.Backoff;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Executes erasure orders in the company's datastores (the {@code erasure-ordered} consumer of the datastores, its own
 * consumer group), a batch of orders at a time:
 * <ol>
 *     <li>in every configured datastore the order expects, the subject is erased by {@link Datastores#eraseAll}, one
 *     transaction in that datastore for the whole batch; the connector claims each order id in the datastore's
 *     {@code privacy_erasure_log}, so an order run again (a redelivery after a crash) returns the evidence it recorded
 *     and touches no row;</li>
 *     <li>then, in one transaction of this service: each event id into the inbox (under {@value #INBOX_CONSUMER}), and
 *     for each event seen for the first time one {@code erasure-confirmed} per datastore through the outbox.</li>
 * </ol>
 * A datastore (or this service's database) that cannot be reached is retried with backoff for as long as it takes:
 * nothing is confirmed, the batch is not acknowledged, and the partitions of this consumer group wait. An order the
 * datastore refuses (its re-count found rows not erased, so it rolled back) is confirmed FAILED: a person must act.
 */
@ApplicationScoped
public class DatastoreErasure {

    /** The inbox name of this consumer: retention's own erasure consumer records the same event ids under the service's name. */
    public static final String INBOX_CONSUMER = "retention-service/datastores";
    static final String ACTION = "erase as the datastore's manifest says";

    private final Datastores datastores;
    private final IncomingEvents incomingEvents;
    private final Outbox outbox;
    private final OutboxRelay relay;
    private final EntityManager entityManager;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Backoff backoff;
    private final Object wakeUp = new Object();
    private volatile boolean stopping;

    DatastoreErasure(Datastores datastores, IncomingEvents incomingEvents, Outbox outbox, OutboxRelay relay,
                     EntityManager entityManager, MeterRegistry meters, Clock clock, DatastoreErasureConfig config) {
        this.datastores = datastores;
        this.incomingEvents = incomingEvents;
        this.outbox = outbox;
        this.relay = relay;
        this.entityManager = entityManager;
        this.meters = meters;
        this.clock = clock;
        this.backoff = Backoff.withJitter(config.initialBackoff(), config.maxBackoff(), 0.2);
    }

    /** What one datastore answered for one order: its evidence, or the refusal (rolled back). */
    private record Result(ErasureEvidence evidence, boolean refused) {
    }

    /** Erases and confirms the orders (events in their partitions' order, possibly the same event twice). */
    public void execute(List<IncomingEvent<ErasureOrdered>> events) {
        Map<String, Map<String, Result>> results = new LinkedHashMap<>();
        for (String datastore : datastores.names()) {
            Map<String, ErasureOrder> orders = new LinkedHashMap<>();
            for (IncomingEvent<ErasureOrdered> event : events) {
                ErasureOrdered order = event.data();
                if (order.expectedSystems().contains(datastore)) {
                    orders.putIfAbsent(order.orderId().toString(), new ErasureOrder(order.orderId().toString(), order.subjectId(), order.scope()));
                }
            }
            if (!orders.isEmpty()) {
                List<ErasureOrder> batch = List.copyOf(orders.values());
                results.put(datastore, untilDone("datastore " + datastore, datastore, batch.size(), () -> erase(datastore, batch)));
            }
        }
        untilDone("retention-service's database", "retention", events.size(), () -> {
            QuarkusTransaction.requiringNew().run(() -> confirm(events, results));
            return null;
        });
        relay.wakeUp();
    }

    private Map<String, Result> erase(String datastore, List<ErasureOrder> orders) throws SQLException {
        Map<String, Result> results = new HashMap<>();
        try {
            List<ErasureEvidence> evidence = datastores.eraseAll(datastore, orders);
            for (int i = 0; i < orders.size(); i++) {
                results.put(orders.get(i).orderId(), new Result(evidence.get(i), false));
            }
        } catch (IllegalStateException refused) {
            if (orders.size() == 1) {
                Log.errorf("Erasure order %s refused by datastore %s (rolled back, confirmed FAILED): %s",
                        orders.get(0).orderId(), datastore, refused.getMessage());
                results.put(orders.get(0).orderId(), new Result(null, true));
            } else {
                // The whole batch was rolled back for one order: alone, each of the others goes through.
                for (ErasureOrder order : orders) {
                    results.putAll(erase(datastore, List.of(order)));
                }
            }
        }
        return results;
    }

    private void confirm(List<IncomingEvent<ErasureOrdered>> events, Map<String, Map<String, Result>> results) {
        Instant now = clock.instant();
        List<OutboxEvent<ErasureConfirmed>> confirmations = new ArrayList<>();
        for (IncomingEvent<ErasureOrdered> event : events) {
            if (!incomingEvents.firstTime(INBOX_CONSUMER, event)) {
                continue;
            }
            ErasureOrdered order = event.data();
            results.forEach((datastore, byOrder) -> {
                Result result = byOrder.get(order.orderId().toString());
                if (result != null) {
                    ErasureConfirmed confirmation = confirmation(order, datastore, result, now);
                    confirmations.add(new OutboxEvent<>(order.subjectId(), confirmation));
                    meters.counter("datastore.erasures.confirmed", "datastore", datastore,
                            "outcome", confirmation.outcome().name()).increment();
                    Log.infof("Erasure order %s (%s) in datastore %s: %s", order.orderId(), order.reason(), datastore,
                            confirmation.outcome());
                }
            });
        }
        // One statement for the batch's confirmations, in the transaction of the inbox rows.
        entityManager.unwrap(Session.class).doWork(connection ->
                outbox.bulk().publishAll(connection, Events.ERASURE_CONFIRMED, confirmations));
    }

    private static ErasureConfirmed confirmation(ErasureOrdered order, String datastore, Result result, Instant now) {
        if (result.refused()) {
            return new ErasureConfirmed(order.orderId(), order.requestId(), order.subjectId(), datastore, ErasureOutcome.FAILED,
                    List.of(new Evidence(datastore, null, ACTION, "rolled-back",
                            "re-count found rows not erased: the erasure was rolled back, nothing changed")),
                    List.of(), List.of(), now);
        }
        ErasureEvidence evidence = result.evidence();
        List<Evidence> done = new ArrayList<>();
        long affected = 0;
        for (Map.Entry<String, Integer> table : evidence.rowsAffected().entrySet()) {
            int rows = table.getValue();
            affected += rows;
            done.add(new Evidence(table.getKey(), rows + " rows", ACTION, rows > 0 ? "erased" : "already-absent",
                    "re-count: " + evidence.remaining().getOrDefault(table.getKey(), 0L) + " rows not erased"));
        }
        for (ErasureEvidence.EndedRetention ended : evidence.ended()) {
            done.add(new Evidence(ended.table() + "." + ended.column(), evidence.rowsAffected().getOrDefault(ended.table(), 0)
                    + " rows", "retention ended (rule " + ended.rule() + "): " + ended.action(), "erased", "re-count of "
                    + ended.table() + ": " + evidence.remaining().getOrDefault(ended.table(), 0L) + " rows not erased"));
        }
        evidence.untouched().forEach((table, why) ->
                done.add(new Evidence(table, "0 rows", "none: not in the order's scope", "untouched", why)));
        done.add(new Evidence("privacy_erasure_log", evidence.orderId(), "claim the order id", "recorded " + evidence.erasedAt(),
                "a re-run of this order returns this evidence and changes nothing"));
        List<Exemption> retained = new ArrayList<>();
        evidence.retained().stream().filter(r -> r.rows() > 0)
                .map(r -> new Exemption(datastore, r.table() + "." + r.column(),
                        r.legalBasis() + " (rule " + r.rule() + "): " + r.rows() + " rows kept", r.rule()))
                .forEach(retained::add);
        for (ErasureEvidence.KeptTable kept : evidence.kept()) {
            if (kept.rows() > 0) {
                kept.keptFor().forEach(k -> retained.add(new Exemption(datastore, kept.table(), "kept for purpose "
                        + k.purpose() + " (rule " + k.rule() + "): " + kept.rows() + " rows kept", k.rule())));
            }
        }
        ErasureOutcome outcome = !retained.isEmpty() ? ErasureOutcome.PARTIALLY_ERASED
                : affected > 0 ? ErasureOutcome.ERASED : ErasureOutcome.NOTHING_HELD;
        return new ErasureConfirmed(order.orderId(), order.requestId(), order.subjectId(), datastore, outcome, done,
                List.copyOf(retained), List.of(), now);
    }

    /**
     * Runs the attempt until it succeeds, waiting with backoff while what it reaches is down (an SQL error, also under
     * Hibernate's or Narayana's). Never gives up: the order stays unconfirmed, which request-service's attention list
     * shows after its silence threshold. Stops only when the service shuts down (nothing acknowledged, redelivered).
     */
    private <T> T untilDone(String what, String system, int orders, Attempt<T> attempt) {
        Instant since = null;
        for (int failures = 1; ; failures++) {
            try {
                T result = attempt.run();
                if (since != null) {
                    Log.infof("%s is back after %s: %d order(s) go on", what, Duration.between(since, clock.instant()), orders);
                }
                return result;
            } catch (Exception e) {
                Optional<SQLException> sql = sqlCause(e);
                if (sql.isEmpty() || stopping) {
                    throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
                }
                since = since == null ? clock.instant() : since;
                Duration delay = backoff.delay(failures, Optional.empty());
                meters.counter("datastore.erasure.retries", "system", system).increment();
                // The SQL state and class only: a driver message may quote values.
                Log.warnf("%s cannot be reached (SQL state %s, %s): %d order(s) wait since %s, attempt %d, next in %s",
                        what, sql.get().getSQLState(), sql.get().getClass().getSimpleName(), orders, since, failures, delay);
                pause(delay);
            }
        }
    }

    private void pause(Duration delay) {
        synchronized (wakeUp) {
            try {
                if (!stopping) {
                    wakeUp.wait(Math.max(1, delay.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private static Optional<SQLException> sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private interface Attempt<T> {
        T run() throws Exception;
    }
}
