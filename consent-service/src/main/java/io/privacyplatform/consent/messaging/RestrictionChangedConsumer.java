package io.privacyplatform.consent.messaging;

import io.privacyplatform.consent.service.Restrictions;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code restriction-changed} addressed to {@code consent}: while a restriction is in force the
 * effective state of every purpose is "no" (GDPR Art. 18(2): storage only); the ledger is untouched, so the
 * consents in force apply again when it is lifted. A change with an {@code orderId} is confirmed
 * ({@code order-confirmed}, system {@code consent}) in the same transaction.
 */
@ApplicationScoped
public class RestrictionChangedConsumer {

    private final IncomingEvents incomingEvents;
    private final Restrictions restrictions;

    RestrictionChangedConsumer(IncomingEvents incomingEvents, Restrictions restrictions) {
        this.incomingEvents = incomingEvents;
        this.restrictions = restrictions;
    }

    @Incoming("restriction-changed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.RESTRICTION_CHANGED, record, event -> {
            if (event.data().expectedSystems().contains(Systems.CONSENT)) {
                restrictions.apply(event.data());
            }
        });
    }
}
