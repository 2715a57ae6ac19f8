package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.problem.Problems;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Erasure orders: the order goes out to the systems the registry expects, with the exemptions that apply; each
 * system's confirmation is recorded (its latest word wins) and the request completes as {@link ConfirmedOrders}
 * rules for every confirmed order; the receipt tells the subject what each registered system did.
 */
@ApplicationScoped
public class ErasureTracking {

    private final Outbox outbox;
    private final RequestsConfig config;
    private final RequestSecrets secrets;
    private final ConfirmedOrders orders;

    ErasureTracking(Outbox outbox, RequestsConfig config, RequestSecrets secrets, ConfirmedOrders orders) {
        this.outbox = outbox;
        this.config = config;
        this.secrets = secrets;
        this.orders = orders;
    }

    /** Publishes the erasure order of a request being approved; returns the audit note describing it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public String order(DataSubjectRequest request, Instant now) {
        List<String> expected = orders.expectedSystems(ConfirmedOrders.Operation.ERASE);
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
        ErasureConfirmation row = ErasureConfirmation.of(confirmed.orderId(), confirmed.system());
        if (row.isLaterThan(confirmed.confirmedAt())) {
            return;
        }
        row.outcome = confirmed.outcome();
        row.retained = secrets.json(confirmed.retained());
        orders.record(request, row, confirmed.system(), confirmed.evidence(), confirmed.notices(), confirmed.confirmedAt(),
                confirmed.system() + " " + confirmed.outcome() + " for order " + confirmed.orderId());
    }

    /**
     * The erasure receipt: for each system that answered, what it did and when, what it keeps and why, and what the
     * subject must know; {@code awaiting} lists the expected systems that have not answered yet; every registered
     * system is named, with its answer, as awaited, or as not concerned and why. 409 without an erasure order.
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
        List<ConfirmedOrders.SystemStatus> everySystem = orders.everySystem(ConfirmedOrders.Operation.ERASE,
                request.expectedSystemList(), systems.stream().map(s -> new ConfirmedOrders.SystemAnswer(s.system(),
                        s.outcome().name(), s.confirmedAt(), s.evidence(), s.notices())).toList());
        return new Receipt(request, systems, orders.awaiting(request), everySystem);
    }

    public record Receipt(DataSubjectRequest request, List<SystemOutcome> systems, List<String> awaiting,
                          List<ConfirmedOrders.SystemStatus> registeredSystems) {
    }

    public record SystemOutcome(String system, ErasureOutcome outcome, Instant confirmedAt, List<Evidence> evidence,
                                List<Exemption> retained, List<String> notices) {
    }
}
