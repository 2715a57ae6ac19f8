package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.contracts.restriction.RestrictionReason;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.OrderConfirmation;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Rectification and restriction orders (GDPR Art. 16, 18, 19), confirmed per system like erasures: the order goes
 * out to the systems the registry expects, each system's {@code order-confirmed} is recorded (its latest word wins),
 * and the request completes as {@link ConfirmedOrders} rules. Lifting a restriction is an order of its own: its
 * confirmations are recorded and shown, the request's status stays.
 */
@ApplicationScoped
public class OrderTracking {

    private final Outbox outbox;
    private final RequestSecrets secrets;
    private final ConfirmedOrders orders;

    OrderTracking(Outbox outbox, RequestSecrets secrets, ConfirmedOrders orders) {
        this.outbox = outbox;
        this.secrets = secrets;
        this.orders = orders;
    }

    /** Publishes the rectification order (field codes, never values) of a request being approved; returns the audit note. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String orderRectification(DataSubjectRequest request, List<String> fields, Instant now) {
        List<String> expected = orders.expectedSystems(ConfirmedOrders.Operation.RECTIFY);
        request.rectificationOrderId = UUID.randomUUID();
        request.expectedSystems = String.join(",", expected);
        request.orderedAt = now;
        outbox.publish(Events.RECTIFICATION_ORDERED, request.subjectId, new RectificationOrdered(
                request.rectificationOrderId, request.id, request.subjectId, fields, expected, now));
        return "rectification ordered " + request.rectificationOrderId + " to " + request.expectedSystems
                + "; fields " + String.join(",", fields);
    }

    /** Puts a restriction in force: {@code restriction-changed} restricted=true with its order id; returns the audit note. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String orderRestriction(DataSubjectRequest request, RestrictionReason ground, Instant now) {
        request.restricted = true;
        request.restrictionOrderId = UUID.randomUUID();
        request.orderedAt = now;
        request.expectedSystems = publishRestriction(request, ground, request.restrictionOrderId, now);
        return "restriction (" + ground + ") ordered " + request.restrictionOrderId + " to " + request.expectedSystems;
    }

    /** Lifts the restriction: {@code restriction-changed} restricted=false with a new order id; returns the audit note. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String orderLift(DataSubjectRequest request, RestrictionReason ground, Instant now) {
        request.restricted = false;
        request.liftOrderId = UUID.randomUUID();
        request.liftOrderedAt = now;
        request.liftExpectedSystems = publishRestriction(request, ground, request.liftOrderId, now);
        return "restriction lifted: order " + request.liftOrderId + " to " + request.liftExpectedSystems;
    }

    /** {@code restriction-changed} as the request now stands, to the registry's systems; returns them, comma-separated. */
    private String publishRestriction(DataSubjectRequest request, RestrictionReason ground, UUID orderId, Instant now) {
        List<String> expected = orders.expectedSystems(ConfirmedOrders.Operation.RESTRICT);
        outbox.publish(Events.RESTRICTION_CHANGED, request.subjectId, new RestrictionChanged(request.id,
                request.subjectId, request.restricted, ground, expected, now, orderId));
        return String.join(",", expected);
    }

    /**
     * Records one system's confirmation of a rectification, restriction or lift order (the latest report of a system
     * wins, so a failure retried by hand can still complete the request), and closes the request once every expected
     * system answered its rectification or restriction. An answer of the wrong kind for the order is ignored.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordConfirmation(OrderConfirmed confirmed) {
        UUID requestId = DataSubjectRequest.findByOrder(confirmed.orderId()).map(r -> r.id).orElse(null);
        if (requestId == null) {
            Log.debugf("Confirmation for order %s that no request of this service placed", confirmed.orderId());
            return;
        }
        DataSubjectRequest request = DataSubjectRequest.lock(requestId).orElseThrow();
        OrderKind kind = request.orderKind(confirmed.orderId());
        if (kind != confirmed.kind()) {
            Log.warnf("Ignored %s's %s confirmation of order %s, which is a %s order", confirmed.system(), confirmed.kind(),
                    confirmed.orderId(), kind);
            return;
        }
        OrderConfirmation row = OrderConfirmation.of(confirmed.orderId(), confirmed.system());
        if (row.isLaterThan(confirmed.confirmedAt())) {
            return;
        }
        row.kind = kind;
        row.outcome = confirmed.outcome();
        orders.record(request, row, confirmed.system(), confirmed.evidence(), confirmed.notices(), confirmed.confirmedAt(),
                confirmed.system() + " " + confirmed.outcome() + " for " + kind.name().toLowerCase().replace('_', ' ')
                        + " order " + confirmed.orderId());
    }

    /**
     * The request's rectification or restriction order, then the lift of a restriction, each naming every registered
     * system with its answer, as awaited, or as not concerned and why. Empty for other requests.
     */
    public List<OrderProgress> progress(DataSubjectRequest request) {
        List<OrderProgress> progress = new ArrayList<>();
        if (request.rectificationOrderId != null) {
            progress.add(progress(request.rectificationOrderId, OrderKind.RECTIFICATION, ConfirmedOrders.Operation.RECTIFY,
                    request.orderedAt, request.expectedSystemList()));
        }
        if (request.restrictionOrderId != null) {
            progress.add(progress(request.restrictionOrderId, OrderKind.RESTRICTION, ConfirmedOrders.Operation.RESTRICT,
                    request.orderedAt, request.expectedSystemList()));
        }
        if (request.liftOrderId != null) {
            progress.add(progress(request.liftOrderId, OrderKind.RESTRICTION_LIFT, ConfirmedOrders.Operation.RESTRICT,
                    request.liftOrderedAt, request.liftExpectedSystemList()));
        }
        return progress;
    }

    private OrderProgress progress(UUID orderId, OrderKind kind, ConfirmedOrders.Operation operation, Instant orderedAt,
                                   List<String> expected) {
        List<ConfirmedOrders.SystemAnswer> answers = OrderConfirmation.ofOrder(orderId).stream()
                .map(c -> new ConfirmedOrders.SystemAnswer(c.key.system(), c.outcome.name(), c.confirmedAt,
                        secrets.read(c.evidence, new TypeReference<List<Evidence>>() { }),
                        secrets.read(c.notices, new TypeReference<List<String>>() { })))
                .toList();
        return new OrderProgress(orderId, kind, orderedAt,
                ConfirmedOrders.awaiting(expected, answers.stream().map(ConfirmedOrders.SystemAnswer::system).toList()),
                orders.everySystem(operation, expected, answers));
    }

    /**
     * One order of a rectification or restriction request as the subject reads it.
     *
     * @param awaiting the expected systems that have not answered yet
     * @param systems  every registered system: its answer, awaited, or not concerned and why
     */
    public record OrderProgress(UUID orderId, OrderKind kind, Instant orderedAt, List<String> awaiting,
                                List<ConfirmedOrders.SystemStatus> systems) {
    }
}
