package io.privacyplatform.retention.messaging;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.retention.service.InventoryService;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code consent-changed}: a grant starts or renews the marketing clock (last contact), a withdrawal ends
 * the purpose at once (rule marketing-consent). A consent purpose the policy does not map is skipped.
 */
@ApplicationScoped
public class ConsentChangedConsumer {

    private final IncomingEvents incomingEvents;
    private final InventoryService inventory;

    ConsentChangedConsumer(IncomingEvents incomingEvents, InventoryService inventory) {
        this.incomingEvents = incomingEvents;
        this.inventory = inventory;
    }

    @Incoming("consent-changed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.CONSENT_CHANGED, record, event -> {
            ConsentChanged changed = event.data();
            inventory.recordConsent(changed.subjectId(), changed.purpose(), changed.granted(), changed.recordedAt());
        });
    }
}
