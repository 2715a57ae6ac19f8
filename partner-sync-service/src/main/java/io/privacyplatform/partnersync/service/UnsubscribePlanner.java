package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerRestriction;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Marketing stops at the partners that send it (policy §11, GDPR Art. 21 and 18): a withdrawn marketing consent (or an
 * objection to prospection, which consent-service publishes as a withdrawal) and a restriction of processing each
 * create one UNSUBSCRIBE task per object of the subject whose type supports {@link Capability#UNSUBSCRIBE} (HubSpot
 * contacts), in the consumer's transaction. A withdrawal's evidence stays on the task (operations API). A restriction
 * order ({@code restriction-changed} with an {@code orderId}) gets one tracking row per partner it names, confirmed with
 * {@code order-confirmed} once its tasks are finished ({@link OrderConfirmations}); a lift calls nothing (nobody is
 * re-subscribed without a new consent) and is confirmed at once. A change without an {@code orderId} (older producers)
 * is applied and not confirmed.
 */
@ApplicationScoped
public class UnsubscribePlanner {

    private final TaskConfig config;
    private final TaskDispatcher dispatcher;
    private final OrderConfirmations confirmations;
    private final Clock clock;
    /** The partners where marketing email can be stopped. */
    private final List<String> unsubscribing;
    private final List<String> served;

    UnsubscribePlanner(TaskConfig config, TaskDispatcher dispatcher, OrderConfirmations confirmations,
                       PartnerConnectors partners, Clock clock) {
        this.config = config;
        this.dispatcher = dispatcher;
        this.confirmations = confirmations;
        this.clock = clock;
        this.served = partners.names();
        this.unsubscribing = served.stream().filter(partner -> PartnerObjectType.supports(partner, Capability.UNSUBSCRIBE))
                .toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void on(ConsentChanged change) {
        if (Boolean.TRUE.equals(change.granted()) || !config.unsubscribe().purposes().contains(change.purpose())) {
            return;
        }
        wakeUpIfPlanned(plan(unsubscribing, change.subjectId(), Events.CONSENT_CHANGED.topic(),
                change.consentRecordId().toString(), null));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void on(RestrictionChanged change) {
        boolean restricted = Boolean.TRUE.equals(change.restricted());
        if (change.orderId() == null) {
            // Lifting a restriction does not subscribe anyone again: that takes a new consent.
            List<String> named = unsubscribing.stream().filter(change.expectedSystems()::contains).toList();
            if (restricted && !named.isEmpty()) {
                wakeUpIfPlanned(plan(named, change.subjectId(), Events.RESTRICTION_CHANGED.topic(),
                        change.requestId().toString(), null));
            }
            return;
        }
        Instant now = Instant.now(clock);
        int planned = 0;
        for (String partner : served) {
            if (!change.expectedSystems().contains(partner)) {
                continue;
            }
            if (PartnerRestriction.exists(change.orderId(), partner)) {
                // The same order under another event id: its tasks already exist.
                Log.infof("Restriction order %s already planned at %s", change.orderId(), partner);
                continue;
            }
            PartnerRestriction restriction = PartnerRestriction.of(change, partner, now);
            restriction.persist();
            int tasks = restricted && unsubscribing.contains(partner)
                    ? plan(List.of(partner), change.subjectId(), Events.RESTRICTION_CHANGED.topic(),
                    change.orderId().toString(), restriction.id)
                    : 0;
            if (tasks == 0) {
                confirmations.confirmIfComplete(restriction);
            }
            planned += tasks;
        }
        wakeUpIfPlanned(planned);
    }

    /** @return how many tasks were created */
    private int plan(List<String> partners, String subjectId, String triggerType, String triggerId, UUID restrictionId) {
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
            task.partnerRestrictionId = restrictionId;
            task.persist();
            created++;
        }
        Log.infof("%s %s: %d unsubscribe task(s) planned", triggerType, triggerId, created);
        return created;
    }

    private void wakeUpIfPlanned(int created) {
        if (created > 0) {
            dispatcher.wakeUpAfterCommit();
        }
    }
}
