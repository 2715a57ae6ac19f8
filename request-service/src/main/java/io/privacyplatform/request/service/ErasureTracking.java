package io.privacyplatform.request.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ManualResolution;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.retention.SubjectHolds;
import io.privacyplatform.policy.Register;
import io.privacyplatform.request.client.LegalHolds;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
    private final LegalHolds legalHolds;
    private final Register register;
    private final ObjectMapper objectMapper;

    ErasureTracking(Outbox outbox, RequestsConfig config, RequestSecrets secrets, ConfirmedOrders orders,
                    LegalHolds legalHolds, Register register, ObjectMapper objectMapper) {
        this.outbox = outbox;
        this.config = config;
        this.secrets = secrets;
        this.orders = orders;
        this.legalHolds = legalHolds;
        this.register = register;
        this.objectMapper = objectMapper;
    }

    /**
     * Publishes the erasure order of a request being approved; returns the audit note describing it. Asks
     * retention-service first for the legal holds in force (a 503 problem when it cannot say: nothing is ordered). A
     * subject under a hold gets a scoped order: everything but the held purposes goes, the held ones are kept in every
     * system and each system is told so by an exemption naming the hold (GDPR Art. 17(3)(e)).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public String order(DataSubjectRequest request, Instant now) {
        SubjectHolds holds = legalHolds.inForce(request.subjectId);
        List<String> expected = orders.expectedSystems(ConfirmedOrders.Operation.ERASE);
        ErasureScope scope = null;
        List<Register.KeptSystem> kept = List.of();
        List<Exemption> holdExemptions = List.of();
        if (!holds.holds().isEmpty()) {
            Set<String> held = heldPurposes(holds);
            List<String> going = register.purposes().stream().map(Register.Purpose::code).filter(p -> !held.contains(p)).toList();
            scope = new ErasureScope(going, List.copyOf(held));
            Register.ErasurePlan plan = register.planErasure(going, held);
            expected = plan.systems();
            kept = plan.kept();
            holdExemptions = holdExemptions(holds, expected, kept);
        }
        List<String> ordered = expected;
        List<Exemption> exemptions = new ArrayList<>(config.erasure().exemptions().stream()
                .filter(e -> ordered.contains(e.system()))
                .map(e -> new Exemption(e.system(), e.dataCategory(), e.legalBasis(), e.rule().orElse(null)))
                .toList());
        exemptions.addAll(holdExemptions);
        request.erasureOrderId = UUID.randomUUID();
        request.expectedSystems = String.join(",", expected);
        request.orderedAt = now;
        request.erasureScope = scope == null ? null : json(new OrderedScope(scope, kept,
                holds.holds().stream().map(SubjectHolds.Hold::holdId).toList()));
        outbox.publish(Events.ERASURE_ORDERED, request.subjectId, new ErasureOrdered(request.erasureOrderId, request.id,
                request.subjectId, ErasureReason.DATA_SUBJECT_REQUEST, expected, exemptions, now, scope));
        return "erasure ordered " + request.erasureOrderId + " to " + request.expectedSystems
                + (scope == null ? "" : "; legal holds keep " + String.join(",", scope.keptPurposes())
                + (kept.isEmpty() ? "" : " and leave " + String.join(",", kept.stream().map(Register.KeptSystem::system).toList())
                + " alone"))
                + (exemptions.isEmpty() ? "" : "; exemptions: " + String.join(",",
                exemptions.stream().map(e -> e.system() + "/" + e.dataCategory()).distinct().toList()));
    }

    private Set<String> heldPurposes(SubjectHolds holds) {
        Set<String> held = new TreeSet<>();
        for (SubjectHolds.Hold hold : holds.holds()) {
            if (hold.allPurposes()) {
                register.purposes().forEach(p -> held.add(p.code()));
            } else {
                held.addAll(hold.purposes());
            }
        }
        return held;
    }

    /**
     * One exemption per system and held purpose it serves (retention-service keeps the inventory of every purpose), so
     * each system, whether it erases or is left alone, is told which hold keeps what. Never the officer's reason.
     */
    private List<Exemption> holdExemptions(SubjectHolds holds, List<String> expected, List<Register.KeptSystem> kept) {
        List<String> told = new ArrayList<>(expected);
        kept.forEach(k -> told.add(k.system()));
        List<Exemption> exemptions = new ArrayList<>();
        for (String name : told) {
            Register.RegisteredSystem system = register.system(name);
            for (SubjectHolds.Hold hold : holds.holds()) {
                List<String> purposes = hold.allPurposes() ? register.purposes().stream().map(Register.Purpose::code).toList()
                        : hold.purposes();
                purposes.stream().filter(p -> system.keepsInventory() || system.purposes().contains(p)).forEach(p -> exemptions.add(
                        new Exemption(name, "purpose:" + p, "Legal hold " + hold.holdId() + " placed by the privacy officer on "
                                + hold.placedAt() + (hold.until() == null ? ", until lifted" : ", until " + hold.until())
                                + ": data needed to establish, exercise or defend legal claims (GDPR Art. 17(3)(e))", null)));
            }
        }
        return exemptions;
    }

    private String json(OrderedScope scope) {
        try {
            return objectMapper.writeValueAsString(scope);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an erasure scope cannot be written", e);
        }
    }

    private OrderedScope orderedScope(DataSubjectRequest request) {
        if (request.erasureScope == null) {
            return null;
        }
        try {
            return objectMapper.readValue(request.erasureScope, OrderedScope.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the stored erasure scope of request " + request.id + " cannot be read", e);
        }
    }

    /**
     * What a scoped order erased and kept: codes and hold ids only (no personal data), stored with the request for the
     * receipt.
     */
    public record OrderedScope(ErasureScope scope, List<Register.KeptSystem> keptSystems, List<UUID> holdIds) {
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
        row.resolvedByHand = confirmed.hasManualResolutions() ? secrets.json(confirmed.resolvedByHand()) : null;
        orders.record(request, row, confirmed.system(), confirmed.evidence(), confirmed.notices(), confirmed.confirmedAt(),
                confirmed.system() + " " + (confirmed.hasManualResolutions() ? RESOLVED_BY_HAND + " ("
                        + String.join(", ", categories(confirmed.resolvedByHand())) + ")" : confirmed.outcome())
                        + " for order " + confirmed.orderId());
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
                .map(this::outcome)
                .toList();
        List<ConfirmedOrders.SystemStatus> everySystem = orders.everySystem(ConfirmedOrders.Operation.ERASE,
                request.expectedSystemList(), systems.stream().map(s -> new ConfirmedOrders.SystemAnswer(s.system(),
                        s.outcome(), s.confirmedAt(), s.evidence(), s.notices())).toList());
        OrderedScope scope = orderedScope(request);
        if (scope != null) {
            // A system the holds kept out of the order says so, instead of "not expected".
            everySystem = everySystem.stream().map(status -> scope.keptSystems().stream()
                    .filter(k -> k.system().equals(status.system()) && ConfirmedOrders.NOT_CONCERNED.equals(status.status()))
                    .findFirst()
                    .map(k -> new ConfirmedOrders.SystemStatus(status.system(), status.kind(), KEPT_UNDER_HOLD, null,
                            "left alone: its data serves " + String.join(", ", k.keptFor())
                                    + ", kept under a legal hold (GDPR Art. 17(3)(e))", null, null))
                    .orElse(status)).toList();
        }
        return new Receipt(request, systems, orders.awaiting(request), everySystem, scope == null ? null : scope.scope());
    }

    /**
     * One system's part in the receipt: its outcome, or {@value #RESOLVED_BY_HAND} when a person resolved some of its
     * objects by hand (whatever outcome the system reported for them).
     */
    private SystemOutcome outcome(ErasureConfirmation c) {
        List<ManualResolution> byHand = c.resolvedByHand == null ? null
                : secrets.read(c.resolvedByHand, new TypeReference<List<ManualResolution>>() { });
        return new SystemOutcome(c.key.system(), byHand == null || byHand.isEmpty() ? c.outcome.name() : RESOLVED_BY_HAND,
                c.confirmedAt, secrets.read(c.evidence, new TypeReference<List<Evidence>>() { }),
                secrets.read(c.retained, new TypeReference<List<Exemption>>() { }),
                secrets.read(c.notices, new TypeReference<List<String>>() { }),
                byHand == null || byHand.isEmpty() ? null : categories(byHand), byHand);
    }

    private static List<String> categories(List<ManualResolution> resolutions) {
        return resolutions.stream().map(ManualResolution::category).distinct().sorted().toList();
    }

    /**
     * What the receipt says of a system whose objects a person resolved by hand after it failed (a partner task that
     * died): never "erased", with the categories of the evidence.
     */
    public static final String RESOLVED_BY_HAND = "RESOLVED_BY_HAND";

    /** A registered system a scoped order left alone because a legal hold keeps what it holds. */
    public static final String KEPT_UNDER_HOLD = "kept under legal hold";

    public record Receipt(DataSubjectRequest request, List<SystemOutcome> systems, List<String> awaiting,
                          List<ConfirmedOrders.SystemStatus> registeredSystems, ErasureScope scope) {
    }

    /**
     * @param outcome        the system's {@code ErasureOutcome}, or {@value #RESOLVED_BY_HAND}
     * @param categories     when resolved by hand: the categories of the evidence (e.g. erased-in-partner-console)
     * @param resolvedByHand when resolved by hand: each object, its category, evidence reference, who and when
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemOutcome(String system, String outcome, Instant confirmedAt, List<Evidence> evidence,
                                List<Exemption> retained, List<String> notices, List<String> categories,
                                List<ManualResolution> resolvedByHand) {
    }
}
