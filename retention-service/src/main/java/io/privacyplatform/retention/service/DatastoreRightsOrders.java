package io.privacyplatform.retention.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.retention.DatastoreRightsOrder;
import io.privacyplatform.retention.client.RectificationValuesClient;
import io.privacyplatform.retention.client.RectificationValuesClient.ValuesUnavailableException;
import io.privacyplatform.retention.config.DatastoreOrdersConfig;
import io.privacyplatform.retention.datastore.DatastoreConnector.FieldRectified;
import io.privacyplatform.retention.datastore.DatastoreConnector.RestrictionApplied;
import io.privacyplatform.retention.datastore.Datastores;
import io.privacyplatform.retention.datastore.PersonalField;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.retry.Backoff;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Rectification and restriction orders for the company datastores (GDPR Art. 16, 18, 19). The consumers queue one
 * {@link DatastoreRightsOrder} per configured datastore the order expects, in the event's transaction; a scheduled
 * run applies them, each in its own transaction, and publishes one {@code order-confirmed} per order and datastore
 * through the outbox (none for a restriction change without an order id).
 * <p>
 * Outcomes: APPLIED (rows changed, re-read in the datastore's transaction), NOTHING_HELD (the datastore holds none of
 * the ordered fields, or no row of the subject), FAILED when retrying cannot help: request-service has no values for
 * the request (404) or serves another order's, the datastore refuses the value (SQLState class 22 or 23, e.g. an email
 * another account has), the re-read finds a row without the change (rolled back), the manifest has no restriction mark; or after {@code max-attempts} transient failures (datastore unreachable, request-service
 * down, 5xx, 409 not approved yet, 401/403), retried with exponential backoff in between. A subject's orders on one
 * datastore run in arrival order, so a lifting never overtakes the restriction it lifts.
 * <p>
 * A rectification's new values are fetched from request-service at each attempt and held in memory only: never
 * stored, logged, published or put into an error message. The datastore's change commits before the row's
 * transaction: after a crash in between the order runs again, which sets the same values or marks again (idempotent).
 */
@ApplicationScoped
public class DatastoreRightsOrders {

    /** A run holds its order's row lock across the HTTP call (20 s) and the datastore's pool wait (30 s). */
    private static final int RUN_TIMEOUT_SECONDS = 120;

    private final Datastores datastores;
    private final RectificationValuesClient values;
    private final Outbox outbox;
    private final MeterRegistry meters;
    private final Clock clock;
    private final DatastoreOrdersConfig config;
    private final Backoff backoff;

    DatastoreRightsOrders(Datastores datastores, RectificationValuesClient values, Outbox outbox, MeterRegistry meters,
                          Clock clock, DatastoreOrdersConfig config) {
        this.datastores = datastores;
        this.values = values;
        this.outbox = outbox;
        this.meters = meters;
        this.clock = clock;
        this.config = config;
        this.backoff = Backoff.withJitter(config.initialBackoff(), config.maxBackoff(), 0.2);
    }

    /** Queues the rectification for each configured datastore it expects (field codes only). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(RectificationOrdered order) {
        List<String> fields = order.fields().stream().filter(f -> PersonalField.byYaml(f).isPresent()).distinct().toList();
        queue(order.orderId(), order.requestId(), order.subjectId(), order.expectedSystems(), OrderKind.RECTIFICATION, fields);
    }

    /** Queues the restriction or its lifting for each configured datastore it expects. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(RestrictionChanged change) {
        queue(change.orderId(), change.requestId(), change.subjectId(), change.expectedSystems(),
                change.restricted() ? OrderKind.RESTRICTION : OrderKind.RESTRICTION_LIFT, null);
    }

    private void queue(UUID orderId, UUID requestId, String subjectId, List<String> expected, OrderKind kind, List<String> fields) {
        Instant now = clock.instant();
        for (String datastore : datastores.names()) {
            if (!expected.contains(datastore)) {
                continue;
            }
            if (DatastoreRightsOrder.queued(orderId, datastore, kind)) {
                Log.debugf("%s order %s is already queued for datastore %s", kind, orderId, datastore);
                continue;
            }
            DatastoreRightsOrder.queue(orderId, requestId, subjectId, datastore, kind, fields, now);
        }
    }

    @Scheduled(identity = "datastore-rights-orders", every = "${retention.datastore-orders.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void runDue() {
        if (datastores.names().isEmpty()) {
            return;
        }
        for (int i = 0; i < config.batch(); i++) {
            if (!QuarkusTransaction.requiringNew().timeout(RUN_TIMEOUT_SECONDS).call(this::runNextDue)) {
                return;
            }
        }
    }

    /** Runs the next due order, if any, in the caller's transaction; false when none is due. */
    boolean runNextDue() {
        Instant now = clock.instant();
        Optional<DatastoreRightsOrder> claimed = DatastoreRightsOrder.claimNextDue(now);
        if (claimed.isEmpty()) {
            return false;
        }
        DatastoreRightsOrder order = claimed.get();
        Result result;
        try {
            result = order.kind == OrderKind.RECTIFICATION ? rectify(order) : restrict(order);
        } catch (ValuesUnavailableException e) {
            result = e.permanent() ? Result.failed(order, e.getMessage()) : Result.retry(e.getMessage());
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // Classes 22 (data exception, e.g. a value too long) and 23 (a constraint, e.g. an email already taken) stay.
            result = state.startsWith("22") || state.startsWith("23")
                    ? Result.failed(order, "datastore " + order.datastore + " refused the change (SQLState " + state + ")")
                    : Result.retry("datastore " + order.datastore + " unreachable or failing (SQLState " + state + ")");
        } catch (IllegalStateException e) {
            // The re-read found a row without the change: rolled back in the datastore; retrying would do the same.
            result = Result.failed(order, e.getMessage());
        } catch (IllegalArgumentException e) {
            result = Result.failed(order, "datastore " + order.datastore + " is no longer configured");
        } catch (RuntimeException e) {
            // The message could quote a value: only the kind of failure is kept.
            result = Result.retry("unexpected " + e.getClass().getSimpleName());
        }
        if (result.retryReason() != null) {
            if (order.attempts + 1 < config.maxAttempts()) {
                order.retryLater(result.retryReason(), backoff.delay(order.attempts + 1, Optional.empty()), now);
                Log.infof("%s order %s on datastore %s: attempt %d failed (%s), retried at %s", order.kind, order.orderId,
                        order.datastore, order.attempts, result.retryReason(), order.nextAttemptAt);
                return true;
            }
            result = Result.failed(order, "gave up after " + (order.attempts + 1) + " attempts; last: " + result.retryReason());
        }
        confirm(order, result, now);
        order.finish();
        return true;
    }

    private Result rectify(DatastoreRightsOrder order) throws SQLException {
        Set<PersonalField> held = EnumSet.noneOf(PersonalField.class);
        order.fieldList().forEach(code -> PersonalField.byYaml(code).ifPresent(held::add));
        held.retainAll(datastores.rectifiableFields(order.datastore));
        if (held.isEmpty()) {
            // Nothing to write: request-service is not even asked for the values.
            return Result.done(OrderOutcome.NOTHING_HELD, List.of(new Evidence(order.datastore, null,
                    "rectify " + order.fields, "not-held", "the datastore's manifest maps none of these fields to a column")));
        }
        Map<PersonalField, String> corrected = values.fetch(order.requestId, order.orderId, order.subjectId);
        corrected.keySet().retainAll(held);
        if (corrected.isEmpty()) {
            return Result.failed(order, "request-service's values name none of the ordered fields the datastore holds");
        }
        List<FieldRectified> updated = datastores.rectifyChecked(order.datastore, order.subjectId, corrected);
        Map<String, List<FieldRectified>> byTable = new LinkedHashMap<>();
        updated.forEach(f -> byTable.computeIfAbsent(f.table(), t -> new ArrayList<>()).add(f));
        List<Evidence> evidence = new ArrayList<>();
        int rows = 0;
        for (Map.Entry<String, List<FieldRectified>> table : byTable.entrySet()) {
            int tableRows = table.getValue().stream().mapToInt(FieldRectified::rows).max().orElse(0);
            rows += tableRows;
            evidence.add(new Evidence(table.getKey(), tableRows + " rows",
                    "UPDATE " + table.getKey() + " set " + String.join(", ", table.getValue().stream().map(FieldRectified::column).toList()),
                    tableRows > 0 ? "updated" : "no-row",
                    "re-read: " + tableRows + " rows, all with the corrected values"));
        }
        return Result.done(rows > 0 ? OrderOutcome.APPLIED : OrderOutcome.NOTHING_HELD, evidence);
    }

    private Result restrict(DatastoreRightsOrder order) throws SQLException {
        boolean restricted = order.kind == OrderKind.RESTRICTION;
        Optional<RestrictionApplied> applied = datastores.restrictChecked(order.datastore, order.subjectId, restricted);
        if (applied.isEmpty()) {
            return Result.failed(order, "the datastore's manifest declares no restriction mark");
        }
        RestrictionApplied a = applied.get();
        boolean held = restricted ? a.rowsMarked() > 0 : a.rows() > 0;
        Evidence evidence = new Evidence(a.mark(), a.rows() + " rows", (restricted ? "mark " : "unmark ") + a.mark(),
                held ? (restricted ? "restricted" : "lifted") : "no-row",
                "re-read: " + a.rowsMarked() + " rows of the subject marked restricted");
        return Result.done(held ? OrderOutcome.APPLIED : OrderOutcome.NOTHING_HELD, List.of(evidence));
    }

    private void confirm(DatastoreRightsOrder order, Result result, Instant now) {
        meters.counter("datastore.orders.confirmed", "datastore", order.datastore, "kind", order.kind.name(),
                "outcome", result.outcome().name()).increment();
        Log.infof("%s order %s on datastore %s: %s after %d attempts", order.kind, order.orderId, order.datastore,
                result.outcome(), order.attempts + 1);
        if (order.orderId == null) {
            return; // a restriction change from a build before confirmations: nobody waits for one
        }
        outbox.publish(Events.ORDER_CONFIRMED, order.subjectId, new OrderConfirmed(order.orderId, order.requestId,
                order.subjectId, order.datastore, order.kind, result.outcome(), result.evidence(), List.of(), now));
    }

    /** An attempt's end: an outcome with its evidence, or a reason to try again. Never a value. */
    private record Result(OrderOutcome outcome, List<Evidence> evidence, String retryReason) {

        static Result done(OrderOutcome outcome, List<Evidence> evidence) {
            return new Result(outcome, evidence, null);
        }

        static Result failed(DatastoreRightsOrder order, String reason) {
            return new Result(OrderOutcome.FAILED, List.of(new Evidence(order.datastore, null,
                    order.kind.name().toLowerCase().replace('_', ' '), "failed", reason)), null);
        }

        static Result retry(String reason) {
            return new Result(null, List.of(), reason);
        }
    }
}
