package io.privacyplatform.consent.messaging;

import io.privacyplatform.consent.SubjectRestriction;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.support.inbox.IncomingEvents;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code restriction-changed} addressed to {@code consent}: while a restriction is in force the
 * effective state of every purpose is "no" (GDPR Art. 18(2): storage only); the ledger is untouched, so the
 * consents in force apply again when it is lifted.
 */
@ApplicationScoped
public class RestrictionChangedConsumer {

    private final IncomingEvents incomingEvents;

    RestrictionChangedConsumer(IncomingEvents incomingEvents) {
        this.incomingEvents = incomingEvents;
    }

    @Incoming("restriction-changed")
    @Blocking
    @Transactional
    public void on(ConsumerRecord<String, String> record) {
        incomingEvents.accept(Events.RESTRICTION_CHANGED, record)
                .filter(event -> event.data().expectedSystems().contains(Systems.CONSENT))
                .ifPresent(event -> apply(event.data()));
    }

    private void apply(RestrictionChanged change) {
        SubjectRestriction.Key key = new SubjectRestriction.Key(change.subjectId(), change.requestId());
        SubjectRestriction existing = SubjectRestriction.findById(key);
        if (Boolean.TRUE.equals(change.restricted())) {
            if (existing == null) {
                SubjectRestriction restriction = new SubjectRestriction();
                restriction.subjectId = change.subjectId();
                restriction.requestId = change.requestId();
                restriction.reason = change.reason().name();
                restriction.since = change.changedAt();
                restriction.persist();
            }
        } else if (existing != null) {
            existing.delete();
        }
        Log.infof("Restriction of request %s %s", change.requestId(), change.restricted() ? "in force" : "lifted");
    }
}
