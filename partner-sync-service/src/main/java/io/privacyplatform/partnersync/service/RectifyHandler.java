package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerRectification;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.FieldResult;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.PermanentPartnerException;
import io.privacyplatform.partnersync.client.RectificationValues;
import io.privacyplatform.partnersync.client.RequestServiceClient;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * RECTIFY: applies one rectification order to one object; once every task of the (order, partner) is finished, its
 * {@code order-confirmed} is published ({@link OrderConfirmations}). The values are fetched from request-service first, outside
 * the partner's circuit breaker (a request-service outage says nothing about the partner); they live in this run only.
 * Fields a newer order already applied to the object are not sent again (reported {@code superseded}).
 */
@ApplicationScoped
public class RectifyHandler implements TaskHandler {

    private final RequestServiceClient requestService;
    private final OrderConfirmations confirmations;

    RectifyHandler(RequestServiceClient requestService, OrderConfirmations confirmations) {
        this.requestService = requestService;
        this.confirmations = confirmations;
    }

    @Override
    public void finished(PartnerTask task) {
        confirmations.taskFinished(PartnerRectification.class, task.partnerRectificationId);
    }

    @Override
    public void reopened(PartnerTask task) {
        confirmations.reopen(PartnerRectification.class, task.partnerRectificationId);
    }

    @Override
    public TaskKind kind() {
        return TaskKind.RECTIFY;
    }

    @Override
    public Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        if (task.rectification() == null) {
            return Uni.createFrom().failure(new PermanentPartnerException(task.partner(), 0, null,
                    "no rectification order for the task", DeadReason.UNSUPPORTED));
        }
        return requestService.fetch(task.partner(), task.rectification().requestId(), task.rectification().orderId(),
                task.subjectId()).map(fetched -> work(task, connector, fetched));
    }

    /** Sends the fetched values but those a newer order already applied to the object. */
    private static Supplier<Uni<TaskEvidence>> work(ClaimedTask task, PartnerConnector connector, RectificationValues fetched) {
        Set<String> superseded = task.rectification().superseded();
        List<FieldResult> skipped = fetched.values().keySet().stream().filter(superseded::contains)
                .map(field -> new FieldResult(field, null, FieldResult.SUPERSEDED)).toList();
        if (skipped.isEmpty()) {
            return () -> connector.rectify(task.objectId(), fetched, task.idempotencyKey());
        }
        // A newer order already applied some fields to this object (this task ran late): send only the others.
        Map<String, String> current = new LinkedHashMap<>(fetched.values());
        current.keySet().removeAll(superseded);
        if (current.isEmpty()) {
            TaskEvidence none = new TaskEvidence(TaskEvidence.SUPERSEDED, null,
                    "nothing sent: a newer rectification order already applied every field to this object", skipped);
            return () -> Uni.createFrom().item(none);
        }
        RectificationValues values = new RectificationValues(fetched.requestId(), fetched.orderId(), fetched.subjectId(), current);
        return () -> connector.rectify(task.objectId(), values, task.idempotencyKey()).map(sent -> {
            List<FieldResult> fields = new ArrayList<>(sent.fields());
            fields.addAll(skipped);
            return new TaskEvidence(sent.result(), sent.action(), sent.verification(), fields);
        });
    }
}
