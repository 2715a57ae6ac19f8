package io.privacyplatform.partnersync.service;

import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnector;
import io.privacyplatform.partnersync.client.TaskEvidence;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/** UNSUBSCRIBE: unsubscribes one contact's email address from all email; the evidence stays on the task. */
@ApplicationScoped
public class UnsubscribeHandler implements TaskHandler {

    @Override
    public TaskKind kind() {
        return TaskKind.UNSUBSCRIBE;
    }

    @Override
    public Supplier<TaskEvidence> prepare(ClaimedTask task, PartnerObjectType type, PartnerConnector connector) {
        return () -> connector.unsubscribeAll(task.objectId());
    }
}
