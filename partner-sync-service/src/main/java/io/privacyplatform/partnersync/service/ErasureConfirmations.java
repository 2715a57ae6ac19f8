package io.privacyplatform.partnersync.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ResolutionCategory;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.TaskEvidence;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes one partner's {@code erasure-confirmed} once all its tasks are finished (DONE, DEAD or RESOLVED_MANUALLY),
 * through the outbox and in the transaction of the last task update, so the event exists if and only if the outcome
 * was stored. When an operator later retries or resolves a DEAD task, a new confirmation with the updated outcome
 * and evidence is published once that (order, partner) is finished again (consumers keep the latest one).
 */
@ApplicationScoped
public class ErasureConfirmations {

    /**
     * Stripe keeps these whatever we delete: a customer's deletion leaves charges, invoices and payment intents. They
     * are recorded as kept ({@link KeptRecords}) and redacted by the scoped erasure of billing that ends the rule.
     */
    public static final Exemption STRIPE_BILLING_RECORDS = new Exemption(Systems.STRIPE, "billing-records",
            "Charges, invoices and payment intents, with their billing details, stay at Stripe as accounting records "
                    + "for 10 years: French commercial code, article L123-22 (GDPR Art. 17(3)(b)). They are redacted "
                    + "at Stripe when that period ends.", KeptRecords.ACCOUNTING_RULE);

    public static final String OPENAI_ABUSE_MONITORING_NOTICE = "OpenAI keeps abuse-monitoring logs of API requests "
            + "for up to 30 days. They cannot be deleted through OpenAI's API and expire on OpenAI's side; "
            + "this confirmation does not cover them.";

    public static final String OPENAI_ZERO_DATA_RETENTION_NOTICE = "Zero data retention is agreed with OpenAI: "
            + "it keeps no abuse-monitoring logs of these requests.";

    private static final TypeReference<List<Exemption>> EXEMPTIONS = new TypeReference<>() {
    };

    private final Outbox outbox;
    private final ObjectMapper objectMapper;
    private final PartnersConfig partners;
    private final TaskMetrics metrics;
    private final Clock clock;

    ErasureConfirmations(Outbox outbox, ObjectMapper objectMapper, PartnersConfig partners, TaskMetrics metrics, Clock clock) {
        this.outbox = outbox;
        this.objectMapper = objectMapper;
        this.partners = partners;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Publishes the confirmation if no task of this (order, partner) is open (PENDING or IN_FLIGHT) any more and it
     * was never confirmed, or operators changed a task since. The row lock makes two replicas finishing the last two
     * tasks at once agree: exactly one of them publishes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmIfComplete(UUID partnerErasureId) {
        PartnerErasure erasure = PartnerErasure.lock(partnerErasureId);
        if (erasure == null || (erasure.confirmedAt != null && !erasure.reconfirm)) {
            return;
        }
        if (PartnerTask.countOpen(partnerErasureId) > 0) {
            return;
        }
        confirm(erasure, PartnerTask.ofPartnerErasure(partnerErasureId));
    }

    /**
     * {@link #confirmIfComplete} for many (order, partner) at once (the task engine stores results in batches): the
     * rows are locked in one statement, in id order (two replicas' batches cannot deadlock), their open tasks counted
     * in one, the finished ones' tasks read in one, and their confirmations stored in one outbox statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmAllIfComplete(java.util.Collection<UUID> partnerErasureIds) {
        if (partnerErasureIds.isEmpty()) {
            return;
        }
        if (partnerErasureIds.size() == 1) {
            confirmIfComplete(partnerErasureIds.iterator().next());
            return;
        }
        List<PartnerErasure> candidates = PartnerErasure.lockUnconfirmed(partnerErasureIds);
        if (candidates.isEmpty()) {
            return;
        }
        java.util.Set<UUID> open = PartnerTask.withOpenTasks(candidates.stream().map(e -> e.id).toList());
        List<PartnerErasure> complete = candidates.stream().filter(e -> !open.contains(e.id)).toList();
        if (complete.isEmpty()) {
            return;
        }
        confirmAll(complete, PartnerTask.ofPartnerErasures(complete.stream().map(e -> e.id).toList()));
    }

    /** Confirms each erasure from its finished tasks ({@link #confirm}), every event in one outbox statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmAll(List<PartnerErasure> erasures, Map<UUID, List<PartnerTask>> tasksByErasure) {
        Instant now = Instant.now(clock);
        List<io.privacyplatform.support.outbox.OutboxEvent<ErasureConfirmed>> events = new ArrayList<>(erasures.size());
        List<ErasureConfirmed> built = new ArrayList<>(erasures.size());
        for (PartnerErasure erasure : erasures) {
            ErasureConfirmed confirmed = build(erasure, tasksByErasure.getOrDefault(erasure.id, List.of()),
                    readExemptions(erasure.exemptions), partners.openai().zeroDataRetention(), now);
            built.add(confirmed);
            events.add(new io.privacyplatform.support.outbox.OutboxEvent<>(erasure.subjectId, confirmed));
        }
        List<UUID> eventIds = outbox.publishAll(Events.ERASURE_CONFIRMED, events);
        for (int i = 0; i < erasures.size(); i++) {
            recordConfirmed(erasures.get(i), built.get(i), eventIds.get(i),
                    tasksByErasure.getOrDefault(erasures.get(i).id, List.of()).size(), now);
        }
    }

    /** An operator retried or resolved a DEAD task of an erasure: confirm again once its tasks are all finished. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reopen(UUID partnerErasureId) {
        PartnerErasure erasure = PartnerErasure.lock(partnerErasureId);
        if (erasure != null && erasure.confirmedAt != null) {
            erasure.reconfirm = true;
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(PartnerErasure erasure, List<PartnerTask> tasks) {
        Instant now = Instant.now(clock);
        ErasureConfirmed confirmed = build(erasure, tasks, readExemptions(erasure.exemptions),
                partners.openai().zeroDataRetention(), now);
        recordConfirmed(erasure, confirmed, outbox.publish(Events.ERASURE_CONFIRMED, erasure.subjectId, confirmed),
                tasks.size(), now);
    }

    private void recordConfirmed(PartnerErasure erasure, ErasureConfirmed confirmed, UUID eventId, int taskCount, Instant now) {
        erasure.confirmationEventId = eventId;
        boolean again = erasure.confirmedAt != null;
        erasure.confirmedAt = now;
        erasure.outcome = confirmed.outcome();
        erasure.confirmations++;
        erasure.reconfirm = false;
        metrics.confirmed(erasure.partner, confirmed.outcome());
        if (taskCount == 0 && !again) {
            // NOTHING_HELD at planning time: the planner's line already says 0 objects.
            Log.debugf("Erasure order %s at %s confirmed: %s", erasure.orderId, erasure.partner, confirmed.outcome());
        } else {
            Log.infof("Erasure order %s at %s confirmed%s: %s (%d objects)", erasure.orderId, erasure.partner,
                    again ? " again (confirmation " + erasure.confirmations + ")" : "", confirmed.outcome(), taskCount);
        }
    }

    /** The confirmation of one partner, from its finished tasks. */
    static ErasureConfirmed build(PartnerErasure erasure, List<PartnerTask> tasks, List<Exemption> orderExemptions,
                                  boolean openAiZeroDataRetention, Instant now) {
        List<Evidence> evidence = ConfirmationEvidence.listed(tasks, "not erased");
        List<PartnerTask> dead = tasks.stream().filter(t -> t.state == TaskState.DEAD).toList();
        // A manual resolution means a person handled the object at the partner: it counts as erased, unless the officer
        // found the partner never held it. Either way the confirmation carries it in resolvedByHand, and the receipt
        // says "resolved by hand", never "erased".
        long resolved = tasks.stream().filter(t -> t.state == TaskState.RESOLVED_MANUALLY && ResolutionCategory
                .ofCode(t.resolutionCategory).map(ResolutionCategory::erased).orElse(true)).count();
        long deleted = tasks.stream().filter(t -> t.state == TaskState.DONE && TaskEvidence.DELETED.equals(t.result)).count();
        List<PartnerTask> redacted = tasks.stream()
                .filter(t -> t.state == TaskState.DONE && TaskEvidence.REDACTED.equals(t.result)).toList();
        long erased = deleted + redacted.size() + resolved;

        List<Exemption> retained = erased > 0 ? retained(erasure, orderExemptions) : List.of();
        ErasureOutcome outcome;
        if (!dead.isEmpty()) {
            outcome = ErasureOutcome.FAILED;
        } else if (erased == 0) {
            outcome = ErasureOutcome.NOTHING_HELD;
        } else {
            outcome = retained.isEmpty() ? ErasureOutcome.ERASED : ErasureOutcome.PARTIALLY_ERASED;
        }

        List<String> notices = new ArrayList<>();
        ConfirmationEvidence.deadNotice(tasks, erasure.partner, "erased").ifPresent(notices::add);
        ConfirmationEvidence.resolvedNotice(tasks, erasure.partner).ifPresent(notices::add);
        if (!redacted.isEmpty()) {
            notices.add(redactedNotice(erasure.partner, redacted));
        }
        if (Systems.OPENAI.equals(erasure.partner) && !tasks.isEmpty()) {
            notices.add(openAiZeroDataRetention ? OPENAI_ZERO_DATA_RETENTION_NOTICE : OPENAI_ABUSE_MONITORING_NOTICE);
        }
        return new ErasureConfirmed(erasure.orderId, erasure.requestId, erasure.subjectId, erasure.partner, outcome,
                evidence, retained, List.copyOf(notices), now, ConfirmationEvidence.manualResolutions(tasks));
    }

    /**
     * The order's exemptions for this partner, plus what the partner keeps by law whatever we delete, unless this
     * order ends that keeping (a scoped erasure of billing redacts Stripe's billing records).
     */
    private static List<Exemption> retained(PartnerErasure erasure, List<Exemption> orderExemptions) {
        String partner = erasure.partner;
        Map<String, Exemption> byCategory = new LinkedHashMap<>();
        for (Exemption exemption : orderExemptions) {
            if (partner.equals(exemption.system())) {
                byCategory.putIfAbsent(exemption.dataCategory(), withRule(exemption));
            }
        }
        if (Systems.STRIPE.equals(partner) && !erasure.endsKeepingFor(KeptRecords.BILLING_PURPOSE)) {
            byCategory.putIfAbsent(STRIPE_BILLING_RECORDS.dataCategory(), STRIPE_BILLING_RECORDS);
        }
        return List.copyOf(byCategory.values());
    }

    /** Stripe's billing records are kept under the accounting rule, whether or not the orderer named it. */
    private static Exemption withRule(Exemption exemption) {
        boolean stripeBilling = Systems.STRIPE.equals(exemption.system())
                && STRIPE_BILLING_RECORDS.dataCategory().equals(exemption.dataCategory());
        return stripeBilling && exemption.rule() == null ? new Exemption(exemption.system(), exemption.dataCategory(),
                exemption.legalBasis(), STRIPE_BILLING_RECORDS.rule()) : exemption;
    }

    /** How many kept objects were redacted, by type: the evidence of the end of an accounting retention. */
    private static String redactedNotice(String partner, List<PartnerTask> redacted) {
        Map<String, Long> byType = new java.util.TreeMap<>(redacted.stream()
                .collect(java.util.stream.Collectors.groupingBy(t -> t.objectType, java.util.stream.Collectors.counting())));
        List<String> counts = new ArrayList<>();
        byType.forEach((type, count) -> counts.add(count + " " + type));
        return redacted.size() + " object" + (redacted.size() == 1 ? "" : "s") + " kept at " + partner
                + " as accounting records (" + String.join(", ", counts) + ") redacted now that their retention ("
                + KeptRecords.ACCOUNTING_RULE + ") has ended: the objects stay at " + partner
                + " without personal data.";
    }

    String writeExemptions(List<Exemption> exemptions) {
        try {
            return objectMapper.writeValueAsString(exemptions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("exemptions cannot be serialized", e);
        }
    }

    private List<Exemption> readExemptions(String json) {
        try {
            return objectMapper.readValue(json, EXEMPTIONS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored exemptions cannot be read", e);
        }
    }
}
