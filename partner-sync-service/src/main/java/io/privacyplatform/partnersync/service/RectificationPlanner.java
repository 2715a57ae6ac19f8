package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.PartnerRectification;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Turns a rectification order (GDPR Art. 16 and 19) into durable work, in the consumer's transaction: per expected
 * partner one tracking row, and one RECTIFY task per object of the subject not erased yet whose type supports
 * {@link Capability#RECTIFY} (Stripe customers, HubSpot contacts). A partner without such types (OpenAI: its objects are
 * content, not a contact record) gets a row and no task, and its outcome says that no field applies. The order carries
 * field codes only; values are fetched when a task runs. A partner with no task is confirmed ({@code order-confirmed},
 * NOTHING_HELD) in the same transaction; the others once their tasks are finished ({@link OrderConfirmations}).
 */
@ApplicationScoped
public class RectificationPlanner {

    private final TaskDispatcher dispatcher;
    private final OrderConfirmations confirmations;
    private final PartnerConnectors partners;
    private final Clock clock;

    RectificationPlanner(TaskDispatcher dispatcher, OrderConfirmations confirmations, PartnerConnectors partners,
                         Clock clock) {
        this.dispatcher = dispatcher;
        this.confirmations = confirmations;
        this.partners = partners;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(RectificationOrdered order) {
        Instant now = Instant.now(clock);
        int planned = 0;
        for (String partner : partners.names()) {
            if (!order.expectedSystems().contains(partner)) {
                continue;
            }
            if (PartnerRectification.exists(order.orderId(), partner)) {
                // The same order under another event id: its tasks already exist.
                Log.infof("Rectification order %s already planned at %s", order.orderId(), partner);
                continue;
            }
            PartnerRectification rectification = PartnerRectification.of(order, partner, now);
            rectification.persist();

            List<ProcessorRecord> records = ProcessorRecord.ofSubjectAt(order.subjectId(), partner).stream()
                    .filter(r -> r.erasedAt == null)
                    .filter(r -> PartnerObjectType.supports(r.partner, r.objectType, Capability.RECTIFY))
                    .toList();
            for (ProcessorRecord record : records) {
                PartnerTask task = PartnerTask.pending(TaskKind.RECTIFY, order.subjectId(), partner, record.objectType,
                        record.objectId, Events.RECTIFICATION_ORDERED.topic(), order.orderId().toString(), now);
                task.partnerRectificationId = rectification.id;
                task.processorRecordId = record.id;
                task.persist();
            }
            planned += records.size();
            if (records.isEmpty()) {
                confirmations.confirmIfComplete(rectification);
            }
            Log.infof("Rectification order %s planned at %s: %d objects", order.orderId(), partner, records.size());
        }
        if (planned > 0) {
            dispatcher.wakeUpAfterCommit();
        }
    }
}
