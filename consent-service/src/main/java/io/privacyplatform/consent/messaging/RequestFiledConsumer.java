package io.privacyplatform.consent.messaging;

import io.privacyplatform.consent.ConsentAction;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.service.ConsentService;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.request.ObjectionScope;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consumes {@code request-filed}; only objections matter here. An objection to PROSPECTION objects to every
 * marketing purpose (GDPR Art. 21(3): absolute, no grounds needed, effective on filing); one to PROCESSING
 * objects to the named purposes this service knows (others, e.g. contract purposes, are not ours to stop).
 * Each objection is a ledger entry and a {@code consent-changed} with granted=false, in the transaction that
 * records the event id.
 */
@ApplicationScoped
public class RequestFiledConsumer {

    private final IncomingEvents incomingEvents;
    private final ConsentService consents;

    RequestFiledConsumer(IncomingEvents incomingEvents, ConsentService consents) {
        this.incomingEvents = incomingEvents;
        this.consents = consents;
    }

    @Incoming("request-filed")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.apply(Events.REQUEST_FILED, record, event -> {
            if (event.data().requestType() == RequestType.OBJECTION) {
                object(event.data());
            }
        });
    }

    private void object(RequestFiled filed) {
        List<ConsentPurpose> purposes = new ArrayList<>();
        int notOurs = 0;
        if (filed.objectionScope() == null || filed.objectionScope() == ObjectionScope.PROSPECTION) {
            // An objection without a scope (an event older than the field) is read as the absolute one.
            purposes.addAll(ConsentPurpose.marketingPurposes());
        } else {
            for (String code : Optional.ofNullable(filed.objectedPurposes()).orElse(List.of())) {
                Optional<ConsentPurpose> purpose = ConsentPurpose.fromCode(code);
                if (purpose.isPresent() && !purposes.contains(purpose.get())) {
                    purposes.add(purpose.get());
                } else if (purpose.isEmpty()) {
                    notOurs++;
                }
            }
        }
        int recorded = 0;
        for (ConsentPurpose purpose : purposes) {
            ConsentService.Outcome outcome = consents.record(new ConsentService.Change(filed.subjectId(), purpose,
                    ConsentAction.OBJECT, ConsentSource.OBJECTION_REQUEST, null, null, filed.requestId().toString(),
                    "request", null, null, filed.requestId(), null));
            recorded += outcome.changed() ? 1 : 0;
        }
        Log.infof("Objection %s (%s): %d purpose(s) objected, %d already, %d not handled by consent-service",
                filed.requestId(), filed.objectionScope(), recorded, purposes.size() - recorded, notOurs);
    }
}
