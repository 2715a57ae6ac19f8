package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.service.InventoryService;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.privacyplatform.support.inbox.MalformedEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.EnumSet;
import java.util.List;

/**
 * Consumes {@code request-filed}: a request is data held for the purpose {@value #PURPOSE} (policy section 5),
 * kept for the time needed to handle it (rule request-handling), counted from the filing. Erasure requests are
 * skipped: their order erases the subject.
 */
@ApplicationScoped
public class RequestFiledConsumer {

    static final String PURPOSE = "data-subject-rights";

    private final IncomingEvents incomingEvents;
    private final InventoryService inventory;

    RequestFiledConsumer(IncomingEvents incomingEvents, InventoryService inventory) {
        this.incomingEvents = incomingEvents;
        this.inventory = inventory;
    }

    @Incoming("request-filed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.REQUEST_FILED, record, event -> {
            RequestFiled filed = event.data();
            if (filed.requestType() == RequestType.ERASURE) {
                // Its order erases the subject here anyway; recording it could outlive the erasure when the two
                // topics are consumed out of order. (Any entry that does survive expires by its own rule.)
                return;
            }
            InventoryService.Checked checked = inventory.check(new InventoryService.Upsert(filed.subjectId(), PURPOSE,
                    EnumSet.of(DataCategory.IDENTITY, DataCategory.CONTACT), filed.filedAt(), filed.filedAt(), null, null,
                    "request-filed"), "");
            if (!checked.valid()) {
                throw new MalformedEventException("invalid data for " + Events.REQUEST_FILED.cloudEventType()
                        + ": filedAt lies in the future");
            }
            inventory.mergeAll(List.of(checked.upsert()));
        });
    }
}
