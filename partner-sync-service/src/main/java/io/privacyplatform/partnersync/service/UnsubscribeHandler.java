package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerRestriction;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * UNSUBSCRIBE: unsubscribes one contact's email address from all email. For a restriction order (a
 * {@code restriction-changed} with an {@code orderId}), once every task of the (order, partner) is finished its
 * {@code order-confirmed} is published; for a withdrawn consent the evidence stays on the task.
 */
@ApplicationScoped
public class UnsubscribeHandler implements TaskHandler {

    private final OrderConfirmations confirmations;

    UnsubscribeHandler(OrderConfirmations confirmations) {
        this.confirmations = confirmations;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.UNSUBSCRIBE;
    }

    @Override
    public Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        return TaskHandler.ready(() -> connector.unsubscribeAll(task.objectId()));
    }

    @Override
    public void finished(PartnerTask task) {
        if (task.partnerRestrictionId != null) {
            confirmations.taskFinished(PartnerRestriction.class, task.partnerRestrictionId);
        }
    }

    @Override
    public void reopened(PartnerTask task) {
        if (task.partnerRestrictionId != null) {
            confirmations.reopen(PartnerRestriction.class, task.partnerRestrictionId);
        }
    }
}
