package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerOrder;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.FieldResult;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Publishes one partner's {@code order-confirmed} for a rectification or restriction order once none of its tasks is
 * PENDING or IN_FLIGHT, through the outbox and in the transaction of the last task update (or of the planning, when
 * there is no task), so the event exists if and only if the outcome was stored. The one place that decides "this
 * partner is done with this order", as {@link ErasureConfirmations} is for erasures: when an operator later retries or
 * resolves a DEAD task, a new confirmation is published once the order is finished again (consumers keep the latest).
 */
@ApplicationScoped
public class OrderConfirmations {

    static final String LIFT_NOTICE = "Lifting the restriction re-subscribes nothing at %s: marketing email to the "
            + "subject resumes only with a new consent.";

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final TaskMetrics metrics;
    private final Clock clock;

    OrderConfirmations(EntityManager entityManager, Outbox outbox, TaskMetrics metrics, Clock clock) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Locks the (order, partner) row until the transaction ends and reloads it under the lock: two replicas finishing
     * its last two tasks at once agree, exactly one publishes. Changes made earlier in the transaction are flushed first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends PartnerOrder> T lock(Class<T> type, UUID id) {
        entityManager.flush();
        T order = entityManager.find(type, id);
        if (order != null) {
            entityManager.refresh(order, LockModeType.PESSIMISTIC_WRITE);
        }
        return order;
    }

    /** A task of the (order, partner) finished or was resolved: confirm if it was the last one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends PartnerOrder> void taskFinished(Class<T> type, UUID id) {
        T order = lock(type, id);
        if (order != null) {
            confirmIfComplete(order);
        }
    }

    /** An operator retried or resolved a DEAD task: confirm again once the order's tasks are all finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends PartnerOrder> void reopen(Class<T> type, UUID id) {
        T order = lock(type, id);
        if (order != null) {
            order.confirmation.reopen();
        }
    }

    /** Publishes the confirmation if it is due (never published, or reopened) and no task is open. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmIfComplete(PartnerOrder order) {
        if (!order.confirmation.due()) {
            return;
        }
        List<PartnerTask> tasks = order.tasks();
        if (tasks.stream().anyMatch(t -> !t.state.finished())) {
            return;
        }
        Instant now = Instant.now(clock);
        OrderConfirmed confirmed = build(order, tasks, now);
        UUID eventId = outbox.publish(Events.ORDER_CONFIRMED, order.subjectId, confirmed);
        boolean again = order.confirmation.confirmed(eventId, confirmed.outcome(), now);
        metrics.confirmed(order.partner, confirmed.kind(), confirmed.outcome());
        Log.infof("%s order %s at %s confirmed%s: %s (%d objects)", order.kind(), order.orderId, order.partner,
                again ? " again (confirmation " + order.confirmation.confirmations + ")" : "", confirmed.outcome(), tasks.size());
    }

    private OrderConfirmed build(PartnerOrder order, List<PartnerTask> tasks, Instant now) {
        List<Evidence> evidence = new ArrayList<>(ConfirmationEvidence.listed(tasks, "not applied"));
        List<String> notices = new ArrayList<>();
        OrderOutcome outcome = switch (order.kind()) {
            case RECTIFICATION -> rectification(order.partner, tasks, notices);
            case RESTRICTION -> restriction(order.partner, tasks, notices);
            case RESTRICTION_LIFT -> lift(order, evidence, notices);
        };
        ConfirmationEvidence.resolvedNotice(tasks, order.partner).ifPresent(notices::add);
        return new OrderConfirmed(order.orderId, order.requestId, order.subjectId, order.partner, order.kind(), outcome,
                List.copyOf(evidence), List.copyOf(notices), now);
    }

    private static OrderOutcome rectification(String partner, List<PartnerTask> tasks, List<String> notices) {
        return switch (RectificationOutcomes.outcome(partner, tasks)) {
            case RECTIFIED -> OrderOutcome.APPLIED;
            case PARTIALLY_RECTIFIED -> {
                TreeSet<String> notApplied = new TreeSet<>();
                tasks.forEach(t -> RectificationOutcomes.readFields(t.fieldResults).stream()
                        .filter(f -> !FieldResult.APPLIED.equals(f.result()) && !FieldResult.SUPERSEDED.equals(f.result()))
                        .forEach(f -> notApplied.add(f.field() + " (" + f.result() + ")")));
                notices.add("At " + partner + " some fields could not be applied: " + String.join(", ", notApplied)
                        + "; the others were applied and read back.");
                yield OrderOutcome.APPLIED;
            }
            case NOTHING_HELD -> OrderOutcome.NOTHING_HELD;
            case NOT_APPLICABLE -> {
                notices.add(partner + " holds none of the order's fields for this subject: nothing to correct.");
                yield OrderOutcome.NOTHING_HELD;
            }
            case FAILED -> {
                ConfirmationEvidence.deadNotice(tasks, partner, "corrected").ifPresent(notices::add);
                yield OrderOutcome.FAILED;
            }
            case IN_PROGRESS -> throw new IllegalStateException("an order with open tasks is not confirmed");
        };
    }

    private static OrderOutcome restriction(String partner, List<PartnerTask> tasks, List<String> notices) {
        if (tasks.isEmpty() && !PartnerObjectType.supports(partner, Capability.UNSUBSCRIBE)) {
            notices.add("partner-sync has no way to restrict processing at " + partner + "; the privacy officer must "
                    + "ask the partner.");
            return OrderOutcome.FAILED;
        }
        if (tasks.stream().anyMatch(t -> t.state == TaskState.DEAD)) {
            ConfirmationEvidence.deadNotice(tasks, partner, "unsubscribed").ifPresent(notices::add);
            return OrderOutcome.FAILED;
        }
        if (tasks.stream().allMatch(t -> TaskEvidence.CONTACT_ABSENT.equals(t.result))) {
            // No task, or every contact gone at the partner: nothing of the subject to restrict there.
            return OrderOutcome.NOTHING_HELD;
        }
        notices.add("Marketing email from " + partner + " to the subject is stopped (unsubscribed from all email); "
                + "the data stays stored (GDPR Art. 18(2)).");
        return OrderOutcome.APPLIED;
    }

    /**
     * A lift calls nothing: re-subscribing someone takes a new consent, not the end of a restriction. APPLIED when the
     * partner holds objects of the subject (they stay as they are), NOTHING_HELD otherwise.
     */
    private static OrderOutcome lift(PartnerOrder order, List<Evidence> evidence, List<String> notices) {
        List<ProcessorRecord> objects = ProcessorRecord.ofSubjectAt(order.subjectId, order.partner).stream()
                .filter(r -> r.erasedAt == null && PartnerObjectType.supports(r.partner, r.objectType, Capability.UNSUBSCRIBE))
                .toList();
        if (objects.isEmpty()) {
            return OrderOutcome.NOTHING_HELD;
        }
        objects.forEach(r -> evidence.add(new Evidence(r.objectType, r.objectId, "none: nothing re-subscribed",
                "left-as-is", "no call made; subscriptions change only with a new consent")));
        notices.add(String.format(LIFT_NOTICE, order.partner));
        return OrderOutcome.APPLIED;
    }
}
