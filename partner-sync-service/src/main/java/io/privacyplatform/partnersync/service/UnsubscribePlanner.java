package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Marketing stops at the partners that send it (policy §11, GDPR Art. 21 and 18): a withdrawn marketing consent (or an
 * objection to prospection, which consent-service publishes as a withdrawal) and a restriction of processing each
 * create one UNSUBSCRIBE task per object of the subject whose type supports {@link Capability#UNSUBSCRIBE} (HubSpot
 * contacts), in the consumer's transaction. No confirmation event exists for this: the evidence stays on the task
 * (operations API).
 */
@ApplicationScoped
public class UnsubscribePlanner {

    /** The partners where marketing email can be stopped. */
    private static final List<String> UNSUBSCRIBING = Systems.PARTNERS.stream()
            .filter(partner -> PartnerObjectType.supports(partner, Capability.UNSUBSCRIBE)).toList();

    private final TaskConfig config;
    private final TaskDispatcher dispatcher;
    private final Clock clock;

    UnsubscribePlanner(TaskConfig config, TaskDispatcher dispatcher, Clock clock) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void on(ConsentChanged change) {
        if (Boolean.TRUE.equals(change.granted()) || !config.unsubscribe().purposes().contains(change.purpose())) {
            return;
        }
        plan(UNSUBSCRIBING, change.subjectId(), Events.CONSENT_CHANGED.topic(), change.consentRecordId().toString());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void on(RestrictionChanged change) {
        List<String> named = UNSUBSCRIBING.stream().filter(change.expectedSystems()::contains).toList();
        if (!Boolean.TRUE.equals(change.restricted()) || named.isEmpty()) {
            // Lifting a restriction does not subscribe anyone again: that takes a new consent.
            return;
        }
        plan(named, change.subjectId(), Events.RESTRICTION_CHANGED.topic(), change.requestId().toString());
    }

    private void plan(List<String> partners, String subjectId, String triggerType, String triggerId) {
        Instant now = Instant.now(clock);
        List<ProcessorRecord> contacts = partners.stream()
                .flatMap(partner -> ProcessorRecord.ofSubjectAt(subjectId, partner).stream())
                .filter(r -> r.erasedAt == null && PartnerObjectType.supports(r.partner, r.objectType, Capability.UNSUBSCRIBE))
                .toList();
        int created = 0;
        for (ProcessorRecord contact : contacts) {
            boolean exists = PartnerTask.count("kind = ?1 and triggerType = ?2 and triggerId = ?3 and objectId = ?4",
                    TaskKind.UNSUBSCRIBE, triggerType, triggerId, contact.objectId) > 0;
            if (exists) {
                continue;
            }
            PartnerTask task = PartnerTask.pending(TaskKind.UNSUBSCRIBE, subjectId, contact.partner, contact.objectType,
                    contact.objectId, triggerType, triggerId, now);
            task.processorRecordId = contact.id;
            task.persist();
            created++;
        }
        Log.infof("%s %s: %d unsubscribe task(s) planned", triggerType, triggerId, created);
        if (created > 0) {
            dispatcher.wakeUpAfterCommit();
        }
    }
}
