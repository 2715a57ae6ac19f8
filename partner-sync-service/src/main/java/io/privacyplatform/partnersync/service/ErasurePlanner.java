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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        planAll(List.of(order));
    }

    /**
     * Plans the orders of one poll together: one query for what is already planned, one for the subjects' records,
     * the rows inserted in JDBC batches, and the NOTHING_HELD confirmations stored in one outbox statement. The same
     * as planning them one after the other (an order twice in the batch is planned once).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void planAll(List<ErasureOrdered> orders) {
        if (orders.isEmpty()) {
            return;
        }
        Instant now = Instant.now(clock);
        boolean planned = false;
        Set<String> alreadyPlanned = PartnerErasure.plannedOf(orders.stream().map(ErasureOrdered::orderId).toList());
        Map<String, Map<String, List<ProcessorRecord>>> records = new HashMap<>();
        ProcessorRecord.ofSubjects(orders.stream().map(ErasureOrdered::subjectId).distinct().toList())
                .forEach(r -> records.computeIfAbsent(r.subjectId, s -> new HashMap<>())
                        .computeIfAbsent(r.partner, p -> new ArrayList<>()).add(r));
        List<PartnerErasure> nothingHeld = new ArrayList<>();
        int tasks = 0;
        for (ErasureOrdered order : orders) {
            Map<String, List<ProcessorRecord>> recordsByPartner = records.getOrDefault(order.subjectId(), Map.of());
            List<String> counts = new ArrayList<>(partners.names().size());
            for (String partner : partners.names()) {
                if (!order.expectedSystems().contains(partner)) {
                    continue;
                }
                if (!alreadyPlanned.add(PartnerErasure.plannedKey(order.orderId(), partner))) {
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

                List<ProcessorRecord> held = recordsByPartner.getOrDefault(partner, List.of());
                int redactions = 0;
                int erasures = 0;
                for (ProcessorRecord record : held) {
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
                tasks += erasures + redactions;
                counts.add(partner + " " + held.size() + (redactions == 0 ? "" : " (" + redactions + " to redact)"));
                Optional<PartnerObjectType> searchable = held.isEmpty() ? lookupByEmail(partner) : Optional.empty();
                if (searchable.isPresent()) {
                    // No record here: search the partner by the subject's email first (LOOKUP task, then ERASE tasks).
                    PartnerTask lookup = PartnerTask.pending(TaskKind.LOOKUP, order.subjectId(), partner,
                            searchable.get().wireName(), LOOKUP_OBJECT_ID, Events.ERASURE_ORDERED.topic(),
                            order.orderId().toString(), now);
                    lookup.partnerErasureId = erasure.id;
                    lookup.persist();
                    tasks++;
                    planned = true;
                } else if (erasures + redactions == 0) {
                    // Nothing here, or only objects the partner keeps until a later order ends their keeping.
                    nothingHeld.add(erasure);
                } else {
                    planned = true;
                }
            }
            Log.debugf("Erasure order %s planned, objects per partner: %s", order.orderId(), String.join(", ", counts));
        }
        confirmations.confirmAll(nothingHeld, Map.of());
        // One line per batch, not per order: log lines are a visible share of the service's CPU per order.
        Log.infof("Planned %d erasure order(s): %d task(s), %d partner(s) confirmed NOTHING_HELD at once", orders.size(),
                tasks, nothingHeld.size());
        if (planned) {
            dispatcher.wakeUpAfterCommit();
        }
    }
}
