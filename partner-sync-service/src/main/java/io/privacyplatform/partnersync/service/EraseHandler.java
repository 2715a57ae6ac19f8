package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.function.Supplier;

/**
 * ERASE: deletes one object of an erasure order and reads it back; once done the processor record is marked erased
 * and what the partner keeps of the object by law (a Stripe customer's billing objects) is recorded as kept; once
 * every task of the (order, partner) is finished its {@code erasure-confirmed} is published.
 */
@ApplicationScoped
public class EraseHandler extends ErasureTaskHandler {

    private final KeptRecords kept;

    EraseHandler(ErasureConfirmations confirmations, KeptRecords kept) {
        super(confirmations);
        this.kept = kept;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.ERASE;
    }

    @Override
    public Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        return TaskHandler.ready(() -> connector.erase(type, task.objectId()));
    }

    @Override
    public TaskEvidence succeeded(PartnerTask task, TaskEvidence evidence, Instant now) {
        TaskEvidence stored = super.succeeded(task, evidence, now);
        kept.record(task, evidence.discovered(), now);
        return stored;
    }
}
