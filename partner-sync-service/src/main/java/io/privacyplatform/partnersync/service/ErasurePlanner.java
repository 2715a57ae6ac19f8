package io.privacyplatform.partnersync.service;

import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.partnersync.Capability;
import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ProcessorRecord;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns an erasure order into durable work, in the consumer's transaction: per expected partner one
 * tracking row, and one ERASE task per processor record of the subject at that partner whose object can be erased.
 * A scoped order ({@code scope}) also gets one REDACT task per object kept at an earlier erasure for a purpose of its
 * scope (Stripe's billing records at the end of their ten years). A partner that holds nothing is confirmed
 * (NOTHING_HELD) right away, in the same transaction.
 */
@ApplicationScoped
public class ErasurePlanner {

    /** Placeholder object id of a LOOKUP task (it has no partner object yet). */
    public static final String LOOKUP_OBJECT_ID = "email-lookup";

    private final ErasureConfirmations confirmations;
    private final TaskDispatcher dispatcher;
    private final TaskConfig config;
    private final PartnerConnectors partners;
    private final KeptRecords kept;
    private final Clock clock;

    ErasurePlanner(ErasureConfirmations confirmations, TaskDispatcher dispatcher, TaskConfig config,
                   PartnerConnectors partners, KeptRecords kept, Clock clock) {
        this.confirmations = confirmations;
        this.kept = kept;
        this.dispatcher = dispatcher;
        this.config = config;
        this.partners = partners;
        this.clock = clock;
    }

    /** The object type a lookup by email would find at the partner, when the lookup is on there. */
    private Optional<PartnerObjectType> lookupByEmail(String partner) {
        if (!config.emailLookup().enabled() || !config.emailLookup().partners().contains(partner)) {
            return Optional.empty();
        }
        return PartnerObjectType.foundByLookup(partner);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void plan(ErasureOrdered order) {
        Instant now = Instant.now(clock);
        boolean planned = false;
        // One query each for what is already planned and for the subject's records at every partner (hot path).
        java.util.Set<String> alreadyPlanned = PartnerErasure.partnersOf(order.orderId());
        java.util.Map<String, List<ProcessorRecord>> recordsByPartner = ProcessorRecord.ofSubject(order.subjectId()).stream()
                .collect(java.util.stream.Collectors.groupingBy(r -> r.partner));
        List<String> counts = new java.util.ArrayList<>(partners.names().size());
        for (String partner : partners.names()) {
            if (!order.expectedSystems().contains(partner)) {
                continue;
            }
            if (alreadyPlanned.contains(partner)) {
                // The same order under another event id (e.g. re-published): its tasks already exist.
                Log.infof("Erasure order %s already planned at %s", order.orderId(), partner);
                continue;
            }
            PartnerErasure erasure = new PartnerErasure();
            erasure.id = UUID.randomUUID();
            erasure.orderId = order.orderId();
            erasure.requestId = order.requestId();
            erasure.subjectId = order.subjectId();
            erasure.partner = partner;
            List<Exemption> exemptions = order.exemptions().stream().filter(e -> partner.equals(e.system())).toList();
            erasure.exemptions = confirmations.writeExemptions(exemptions);
            erasure.scopePurposes = order.whole() ? null : String.join(",", order.scope().purposes());
            erasure.createdAt = now;
            erasure.persist();

            List<ProcessorRecord> records = recordsByPartner.getOrDefault(partner, List.of());
            int redactions = 0;
            int erasures = 0;
            for (ProcessorRecord record : records) {
                if (KeptRecords.endsKeeping(erasure, record) && kept.planRedaction(erasure, record, now)) {
                    redactions++;
                }
                if (!PartnerObjectType.supports(partner, record.objectType, Capability.ERASE)) {
                    continue; // an object kept by the partner (accounting record): only redacted, by its purpose's end
                }
                PartnerTask task = PartnerTask.pending(TaskKind.ERASE, order.subjectId(), partner, record.objectType,
                        record.objectId, Events.ERASURE_ORDERED.topic(), order.orderId().toString(), now);
                task.partnerErasureId = erasure.id;
                task.processorRecordId = record.id;
                task.persist();
                erasures++;
            }
            counts.add(partner + " " + records.size() + (redactions == 0 ? "" : " (" + redactions + " to redact)"));
            Optional<PartnerObjectType> searchable = records.isEmpty() ? lookupByEmail(partner) : Optional.empty();
            if (searchable.isPresent()) {
                // No record here: search the partner by the subject's email first (LOOKUP task, then ERASE tasks).
                PartnerTask lookup = PartnerTask.pending(TaskKind.LOOKUP, order.subjectId(), partner,
                        searchable.get().wireName(), LOOKUP_OBJECT_ID, Events.ERASURE_ORDERED.topic(),
                        order.orderId().toString(), now);
                lookup.partnerErasureId = erasure.id;
                lookup.persist();
                planned = true;
            } else if (erasures + redactions == 0) {
                // Nothing here, or only objects the partner keeps until a later order ends their keeping.
                confirmations.confirm(erasure, List.of());
            } else {
                planned = true;
            }
        }
        // One line per order, not per partner: log lines are a visible share of the service's CPU per order.
        Log.infof("Erasure order %s planned, objects per partner: %s", order.orderId(), String.join(", ", counts));
        if (planned) {
            dispatcher.wakeUpAfterCommit();
        }
    }
}
