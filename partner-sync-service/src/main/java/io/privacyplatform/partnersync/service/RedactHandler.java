package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * REDACT: redacts one object the partner kept at an earlier erasure (a Stripe invoice, charge or payment intent), for
 * the scoped erasure that ends its retention; the record is then marked erased and the order confirmed as for ERASE.
 */
@ApplicationScoped
public class RedactHandler extends ErasureTaskHandler {

    RedactHandler(ErasureConfirmations confirmations) {
        super(confirmations);
    }

    @Override
    public TaskKind kind() {
        return TaskKind.REDACT;
    }

    @Override
    public Uni<Supplier<Uni<TaskEvidence>>> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        String key = task.idempotencyKey("redact");
        return TaskHandler.ready(() -> connector.redact(type, task.objectId(), key));
    }
}
