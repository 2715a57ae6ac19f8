package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.logging.SafeLog;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.problem.Problems;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Erasure orders and their completion: the order goes out with the exemptions that apply, each system's
 * confirmation is recorded (its latest word wins), the request closes when every expected system answered,
 * and a system silent past {@code requests.erasure.silence-alert} puts the request on the privacy officer's
 * attention list instead of leaving it open unnoticed; the receipt tells the subject what each system did.
 */
@ApplicationScoped
public class ErasureTracking {

    /** Arbitrary constant naming the silence check's advisory lock: one replica checks at a time. */
    private static final long SILENCE_CHECK_LOCK = 0x7265717565737431L;

    private final Outbox outbox;
    private final RequestsConfig config;
    private final Deadlines deadlines;
    private final RequestSecrets secrets;
    private final AdvisoryLocks locks;

    ErasureTracking(Outbox outbox, RequestsConfig config, Deadlines deadlines, RequestSecrets secrets, AdvisoryLocks locks) {
        this.outbox = outbox;
        this.config = config;
        this.deadlines = deadlines;
        this.secrets = secrets;
        this.locks = locks;
    }

    /** Publishes the erasure order of a request being approved; returns the audit note describing it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String order(DataSubjectRequest request, Instant now) {
        List<String> expected = config.erasure().expectedSystems();
        List<Exemption> exemptions = config.erasure().exemptions().stream()
                .filter(e -> expected.contains(e.system()))
                .map(e -> new Exemption(e.system(), e.dataCategory(), e.legalBasis()))
                .toList();
        request.erasureOrderId = UUID.randomUUID();
        request.expectedSystems = String.join(",", expected);
        request.orderedAt = now;
        outbox.publish(Events.ERASURE_ORDERED, request.subjectId, new ErasureOrdered(request.erasureOrderId, request.id,
                request.subjectId, ErasureReason.DATA_SUBJECT_REQUEST, expected, exemptions, now));
        return "erasure ordered " + request.erasureOrderId + " to " + request.expectedSystems
                + (exemptions.isEmpty() ? "" : "; exemptions: " + String.join(",",
                exemptions.stream().map(e -> e.system() + "/" + e.dataCategory()).toList()));
    }

    /**
     * Records one system's confirmation (the latest report of a system wins, so a failure retried by hand
     * can still complete the request) and closes the request once every expected system answered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordConfirmation(ErasureConfirmed confirmed) {
        UUID requestId = DataSubjectRequest.findByErasureOrder(confirmed.orderId()).map(r -> r.id).orElse(null);
        if (requestId == null) {
            // Orders from retention expiry have no request here.
            Log.debugf("Confirmation for order %s that no request of this service placed", confirmed.orderId());
            return;
        }
        DataSubjectRequest request = DataSubjectRequest.lock(requestId).orElseThrow();
        ErasureConfirmation.Key key = new ErasureConfirmation.Key(confirmed.orderId(), confirmed.system());
        ErasureConfirmation row = ErasureConfirmation.<ErasureConfirmation>findByIdOptional(key).orElseGet(() -> {
            ErasureConfirmation created = new ErasureConfirmation();
            created.key = key;
            created.requestId = request.id;
            return created;
        });
        if (row.confirmedAt != null && row.confirmedAt.isAfter(confirmed.confirmedAt())) {
            return;
        }
        Instant now = deadlines.now();
        row.outcome = confirmed.outcome();
        row.evidence = secrets.json(confirmed.evidence());
        row.retained = secrets.json(confirmed.retained());
        row.notices = secrets.json(confirmed.notices());
        row.confirmedAt = confirmed.confirmedAt();
        row.receivedAt = now;
        row.persist();
        request.record(AuditKind.CONFIRMED, "system:" + confirmed.system(), now,
                confirmed.system() + " " + confirmed.outcome() + " for order " + confirmed.orderId());

        if (request.status() == RequestStatus.IN_PROGRESS || request.status() == RequestStatus.PARTIALLY_COMPLETED) {
            closeIfAllConfirmed(request, now);
        }
    }

    /** The expected systems that have not answered the request's erasure order yet. */
    public List<String> awaiting(DataSubjectRequest request) {
        if (request.erasureOrderId == null) {
            return List.of();
        }
        Set<String> answered = new LinkedHashSet<>();
        ErasureConfirmation.ofOrder(request.erasureOrderId).forEach(c -> answered.add(c.key.system()));
        return request.expectedSystemList().stream().filter(s -> !answered.contains(s)).toList();
    }

    /**
     * Closes the request once every expected system answered. A partially completed request is closed again
     * as completed when a system that had failed (and was retried or resolved) confirms later.
     */
    private void closeIfAllConfirmed(DataSubjectRequest request, Instant now) {
        if (!awaiting(request).isEmpty()) {
            return;
        }
        List<String> failed = ErasureConfirmation.ofOrder(request.erasureOrderId).stream()
                .filter(c -> c.outcome == ErasureOutcome.FAILED).map(c -> c.key.system()).toList();
        RequestStatus closed = failed.isEmpty() ? RequestStatus.COMPLETED : RequestStatus.PARTIALLY_COMPLETED;
        if (closed == request.status()) {
            return;
        }
        if (!failed.isEmpty()) {
            secrets.sealOutcomeReasons(request, failed.stream()
                    .map(s -> s + " could not erase; the privacy officer is resolving it (see the receipt)").toList());
        }
        request.transition(failed.isEmpty() ? AuditKind.COMPLETED : AuditKind.PARTIALLY_COMPLETED, closed,
                DataSubjectRequest.SYSTEM_ACTOR, now,
                failed.isEmpty() ? "every system confirmed" : "every system answered; could not erase: " + String.join(",", failed));
    }

    /**
     * Puts on the attention list every erasure whose order is older than the alert time with systems still
     * silent. Safe with several replicas: an advisory lock lets one run at a time, each request is re-checked
     * under its row lock, and a request is raised once.
     */
    @Scheduled(every = "${requests.erasure.silence-check-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void raiseAttentionForSilentSystems() {
        try {
            QuarkusTransaction.requiringNew().run(this::checkSilentSystems);
        } catch (RuntimeException e) {
            Log.warnf("Silence check failed, will run again: %s", SafeLog.describe(e));
        }
    }

    void checkSilentSystems() {
        if (!locks.tryLock(SILENCE_CHECK_LOCK)) {
            return;
        }
        Instant now = deadlines.now();
        Instant cutoff = now.minus(config.erasure().silenceAlert());
        List<UUID> candidates = DataSubjectRequest.<DataSubjectRequest>find(
                        "status = ?1 and erasureOrderId is not null and attentionSince is null and orderedAt < ?2 order by orderedAt",
                        RequestStatus.IN_PROGRESS, cutoff)
                .page(0, 200).list().stream().map(r -> r.id).toList();
        for (UUID id : candidates) {
            DataSubjectRequest request = DataSubjectRequest.lock(id).orElseThrow();
            List<String> silent = awaiting(request);
            if (request.status() != RequestStatus.IN_PROGRESS || request.attentionSince != null || silent.isEmpty()) {
                continue;
            }
            request.attentionSince = now;
            request.attentionReason = "no answer from " + String.join(",", silent) + " within "
                    + config.erasure().silenceAlert().toString().substring(2).toLowerCase() + " of the order";
            request.record(AuditKind.ATTENTION, DataSubjectRequest.SYSTEM_ACTOR, now, request.attentionReason);
        }
    }

    /**
     * The erasure receipt: for each system, what it did and when, what it keeps and why, and what the subject
     * must know; {@code awaiting} lists the systems that have not answered yet. 409 without an erasure order.
     */
    public Receipt receipt(DataSubjectRequest request) {
        if (request.erasureOrderId == null) {
            throw Problems.conflict("Request " + request.id + " has no erasure order: there is no receipt.");
        }
        List<SystemOutcome> systems = ErasureConfirmation.ofOrder(request.erasureOrderId).stream()
                .map(c -> new SystemOutcome(c.key.system(), c.outcome, c.confirmedAt,
                        secrets.read(c.evidence, new TypeReference<List<Evidence>>() { }),
                        secrets.read(c.retained, new TypeReference<List<Exemption>>() { }),
                        secrets.read(c.notices, new TypeReference<List<String>>() { })))
                .toList();
        return new Receipt(request, systems, awaiting(request));
    }

    public record Receipt(DataSubjectRequest request, List<SystemOutcome> systems, List<String> awaiting) {
    }

    public record SystemOutcome(String system, ErasureOutcome outcome, Instant confirmedAt, List<Evidence> evidence,
                                List<Exemption> retained, List<String> notices) {
    }
}
