package io.privacyplatform.consent.messaging;

import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.consent.ConsentState;
import io.privacyplatform.consent.SubjectContact;
import io.privacyplatform.consent.SubjectRestriction;
import io.privacyplatform.consent.UnsubscribeLink;
import io.privacyplatform.consent.service.SuppressionList;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.support.erasure.LocalErasure;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/**
 * Consumes {@code erasure-ordered}: keeps the suppression entry of a subject who refused marketing, deletes
 * every row of the subject (ledger, state, restrictions, links, address hashes) and publishes
 * {@code erasure-confirmed}, all with the event id in one transaction, so a redelivered order does nothing.
 * A record that cannot be read goes to {@code dead-letter.consent-service} and the partition moves on.
 */
@ApplicationScoped
public class ErasureOrderedConsumer {

    private static final List<LocalErasure.SubjectRows> TABLES = List.of(
            new LocalErasure.SubjectRows("consent-records", ConsentRecord::deleteOfSubject, ConsentRecord::countOfSubject),
            new LocalErasure.SubjectRows("consent-states", ConsentState::deleteOfSubject, ConsentState::countOfSubject),
            new LocalErasure.SubjectRows("restrictions", SubjectRestriction::deleteOfSubject, SubjectRestriction::countOfSubject),
            new LocalErasure.SubjectRows("unsubscribe-links", UnsubscribeLink::deleteOfSubject, UnsubscribeLink::countOfSubject),
            new LocalErasure.SubjectRows("email-hashes", SubjectContact::deleteOfSubject, SubjectContact::countOfSubject));

    private final IncomingEvents incomingEvents;
    private final LocalErasure erasure;
    private final SuppressionList suppression;

    ErasureOrderedConsumer(IncomingEvents incomingEvents, LocalErasure erasure, SuppressionList suppression) {
        this.incomingEvents = incomingEvents;
        this.erasure = erasure;
        this.suppression = suppression;
    }

    @Incoming("erasure-ordered")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.accept(Events.ERASURE_ORDERED, record)
                .ifPresent(event -> erasure.execute(event.data(), Systems.CONSENT, TABLES, suppression::suppressBeforeErasure));
    }
}
