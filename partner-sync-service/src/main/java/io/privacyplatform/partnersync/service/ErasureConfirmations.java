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
import io.privacyplatform.partnersync.ErasureTask;
import io.privacyplatform.partnersync.PartnerErasure;
import io.privacyplatform.partnersync.TaskStatus;
import io.privacyplatform.partnersync.client.PartnerAdapter.ErasureEvidence;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.support.outbox.Outbox;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Publishes one partner's {@code erasure-confirmed} once all its tasks are finished, through the outbox and
 * in the transaction of the last task update, so the event exists if and only if the outcome was stored.
 */
@ApplicationScoped
public class ErasureConfirmations {

    /** Stripe keeps these whatever we delete: a customer's deletion leaves charges, invoices and payment intents. */
    public static final Exemption STRIPE_BILLING_RECORDS = new Exemption(Systems.STRIPE, "billing-records",
            "Charges, invoices and payment intents, with their billing details, stay at Stripe as accounting records "
                    + "for 10 years: French commercial code, article L123-22 (GDPR Art. 17(3)(b)).");

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
    private final ErasureMetrics metrics;

    ErasureConfirmations(Outbox outbox, ObjectMapper objectMapper, PartnersConfig partners, ErasureMetrics metrics) {
        this.outbox = outbox;
        this.objectMapper = objectMapper;
        this.partners = partners;
        this.metrics = metrics;
    }

    /**
     * Publishes the confirmation if no task of this (order, partner) is pending any more. The row lock makes
     * two replicas finishing the last two tasks at once agree: exactly one of them publishes.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void confirmIfComplete(UUID partnerErasureId) {
        PartnerErasure erasure = PartnerErasure.lock(partnerErasureId);
        if (erasure == null || erasure.confirmedAt != null) {
            return;
        }
        if (ErasureTask.countPending(partnerErasureId) > 0) {
            return;
        }
        confirm(erasure, ErasureTask.ofPartnerErasure(partnerErasureId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(PartnerErasure erasure, List<ErasureTask> tasks) {
        Instant now = Instant.now();
        ErasureConfirmed confirmed = build(erasure, tasks, readExemptions(erasure.exemptions),
                partners.openai().zeroDataRetention(), now);
        erasure.confirmationEventId = outbox.publish(Events.ERASURE_CONFIRMED, erasure.subjectId, confirmed);
        erasure.confirmedAt = now;
        erasure.outcome = confirmed.outcome();
        metrics.confirmed(erasure.partner, confirmed.outcome());
        Log.infof("Erasure order %s at %s confirmed: %s (%d objects)", erasure.orderId, erasure.partner,
                confirmed.outcome(), tasks.size());
    }

    /** The confirmation of one partner, from its finished tasks. */
    static ErasureConfirmed build(PartnerErasure erasure, List<ErasureTask> tasks, List<Exemption> orderExemptions,
                                  boolean openAiZeroDataRetention, Instant now) {
        List<Evidence> evidence = tasks.stream().map(ErasureConfirmations::evidence).toList();
        long failed = tasks.stream().filter(t -> t.status == TaskStatus.FAILED).count();
        long deleted = tasks.stream().filter(t -> ErasureEvidence.DELETED.equals(t.result)).count();

        List<Exemption> retained = deleted > 0 ? retained(erasure.partner, orderExemptions) : List.of();
        ErasureOutcome outcome;
        if (failed > 0) {
            outcome = ErasureOutcome.FAILED;
        } else if (deleted == 0) {
            outcome = ErasureOutcome.NOTHING_HELD;
        } else {
            outcome = retained.isEmpty() ? ErasureOutcome.ERASED : ErasureOutcome.PARTIALLY_ERASED;
        }

        List<String> notices = new ArrayList<>();
        if (failed > 0) {
            notices.add(failed + " of " + tasks.size() + " objects at " + erasure.partner + " could not be erased after "
                    + "retries (reasons in the evidence); the privacy officer must follow up with the partner.");
        }
        if (Systems.OPENAI.equals(erasure.partner) && !tasks.isEmpty()) {
            notices.add(openAiZeroDataRetention ? OPENAI_ZERO_DATA_RETENTION_NOTICE : OPENAI_ABUSE_MONITORING_NOTICE);
        }
        return new ErasureConfirmed(erasure.orderId, erasure.requestId, erasure.subjectId, erasure.partner, outcome,
                evidence, retained, List.copyOf(notices), now);
    }

    private static Evidence evidence(ErasureTask task) {
        if (task.status == TaskStatus.FAILED) {
            return new Evidence(task.objectType, task.objectId, task.action == null ? task.type().plannedAction() : task.action,
                    "failed", "not erased: gave up after " + task.attempts + " attempt" + (task.attempts == 1 ? "" : "s")
                            + "; last error: " + task.lastError);
        }
        return new Evidence(task.objectType, task.objectId, task.action, task.result, task.verification);
    }

    /** The order's exemptions for this partner, plus what the partner keeps by law whatever we delete. */
    private static List<Exemption> retained(String partner, List<Exemption> orderExemptions) {
        Map<String, Exemption> byCategory = new LinkedHashMap<>();
        for (Exemption exemption : orderExemptions) {
            if (partner.equals(exemption.system())) {
                byCategory.putIfAbsent(exemption.dataCategory(), exemption);
            }
        }
        if (Systems.STRIPE.equals(partner)) {
            byCategory.putIfAbsent(STRIPE_BILLING_RECORDS.dataCategory(), STRIPE_BILLING_RECORDS);
        }
        return List.copyOf(byCategory.values());
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
