package io.privacyplatform.request.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.privacyplatform.policy.Register;
import io.privacyplatform.request.AuditKind;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.OrderConfirmation;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.SystemConfirmation;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one rule of every order confirmed per system (erasure, rectification, restriction): its expected systems come
 * from the registry when it goes out; each system's latest word counts; the request completes when every expected
 * system answered (PARTIALLY_COMPLETED while one reports FAILED, COMPLETED again when it later succeeds); a system
 * silent past {@code requests.orders.silence-alert} puts the request on the privacy officer's attention list; and
 * what the subject reads names every registered system, concerned by the order or not.
 * {@link ErasureTracking} and {@link OrderTracking} place the orders and record the answers.
 */
@ApplicationScoped
public class ConfirmedOrders {

    /** Arbitrary constant naming the silence check's advisory lock: one replica checks at a time. */
    private static final long SILENCE_CHECK_LOCK = 0x7265717565737431L;

    public static final String AWAITING = "awaiting";
    public static final String NOT_CONCERNED = "not concerned by this order";

    /** The registry's system owned by this service: the requests it keeps are their proof. */
    private static final String THIS_SERVICE = "request-service";

    private final Register register;
    private final RequestsConfig config;
    private final Deadlines deadlines;
    private final RequestSecrets secrets;
    private final AdvisoryLocks locks;

    ConfirmedOrders(Register register, RequestsConfig config, Deadlines deadlines, RequestSecrets secrets, AdvisoryLocks locks) {
        this.register = register;
        this.config = config;
        this.deadlines = deadlines;
        this.secrets = secrets;
        this.locks = locks;
    }

    /** The registry operations whose orders are confirmed, with the words the request's trail and notices use. */
    public enum Operation {
        ERASE("erase", "erasure", "could not erase"),
        RECTIFY("rectify", "rectification", "could not apply the rectification"),
        RESTRICT("restrict", "restriction", "could not apply the restriction");

        /** The operation's name in the registry ({@code Register.CONFIRMED_OPERATIONS}). */
        public final String code;
        final String noun;
        final String failure;

        Operation(String code, String noun, String failure) {
            this.code = code;
            this.failure = failure;
            this.noun = noun;
        }

        /** The operation of the order the request's completion waits for, or null without one. */
        static Operation of(DataSubjectRequest request) {
            if (request.erasureOrderId != null) {
                return ERASE;
            }
            return request.rectificationOrderId != null ? RECTIFY : request.restrictionOrderId != null ? RESTRICT : null;
        }
    }

    /** The systems the registry expects to confirm an order of {@code operation} placed now. */
    public List<String> expectedSystems(Operation operation) {
        return register.expectedSystems(operation.code);
    }

    /** The expected systems that have not answered the order the request's completion waits for. */
    public List<String> awaiting(DataSubjectRequest request) {
        return awaiting(request.expectedSystemList(), failedBySystem(request).keySet());
    }

    static List<String> awaiting(List<String> expected, Collection<String> answered) {
        return expected.stream().filter(s -> !answered.contains(s)).toList();
    }

    /**
     * Writes a system's report into its row (its outcome already set by the caller), with the CONFIRMED audit entry
     * naming it, then closes the request if that was the last answer awaited. The caller has checked that the row
     * holds no later report ({@link SystemConfirmation#isLaterThan}): a system's latest word wins, so a failure
     * retried by hand can still complete the request.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void record(DataSubjectRequest request, SystemConfirmation row, String system, List<Evidence> evidence,
                List<String> notices, Instant confirmedAt, String note) {
        Instant now = deadlines.now();
        row.requestId = request.id;
        row.evidence = secrets.json(evidence);
        row.notices = secrets.json(notices);
        row.confirmedAt = confirmedAt;
        row.receivedAt = now;
        row.persist();
        request.record(AuditKind.CONFIRMED, "system:" + system, now, note);
        closeIfAllAnswered(request, now);
    }

    /**
     * Closes the request once every expected system answered its order. A partially completed request is closed again
     * as completed when a system that had failed (and was retried or resolved) confirms later.
     */
    private void closeIfAllAnswered(DataSubjectRequest request, Instant now) {
        Operation operation = Operation.of(request);
        if (operation == null || (request.status() != RequestStatus.IN_PROGRESS && request.status() != RequestStatus.PARTIALLY_COMPLETED)) {
            return;
        }
        Map<String, Boolean> failedBySystem = failedBySystem(request);
        if (!awaiting(request.expectedSystemList(), failedBySystem.keySet()).isEmpty()) {
            return;
        }
        List<String> failed = failedBySystem.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
        RequestStatus closed = failed.isEmpty() ? RequestStatus.COMPLETED : RequestStatus.PARTIALLY_COMPLETED;
        if (closed == request.status()) {
            return;
        }
        if (!failed.isEmpty()) {
            secrets.sealOutcomeReasons(request, failed.stream()
                    .map(s -> s + " " + operation.failure + "; the privacy officer is resolving it").toList());
        }
        request.transition(failed.isEmpty() ? AuditKind.COMPLETED : AuditKind.PARTIALLY_COMPLETED, closed,
                DataSubjectRequest.SYSTEM_ACTOR, now,
                failed.isEmpty() ? "every system confirmed" : "every system answered; " + operation.failure + ": " + String.join(",", failed));
    }

    /** Each system's latest word on the order the request's completion waits for: true when it reported FAILED. */
    private static Map<String, Boolean> failedBySystem(DataSubjectRequest request) {
        Map<String, Boolean> failed = new LinkedHashMap<>();
        if (request.erasureOrderId != null) {
            ErasureConfirmation.ofOrder(request.erasureOrderId)
                    .forEach(c -> failed.put(c.key.system(), c.outcome == ErasureOutcome.FAILED));
        } else if (request.confirmedOrderId() != null) {
            OrderConfirmation.ofOrder(request.confirmedOrderId())
                    .forEach(c -> failed.put(c.key.system(), c.outcome == OrderOutcome.FAILED));
        }
        return failed;
    }

    /**
     * Puts on the attention list every request whose order is older than the alert time with systems still silent.
     * Safe with several replicas: an advisory lock lets one run at a time, each request is re-checked under its row
     * lock, and a request is raised once.
     */
    @Scheduled(every = "${requests.orders.silence-check-every}", delayed = "5s",
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
        Instant cutoff = now.minus(config.orders().silenceAlert());
        List<UUID> candidates = DataSubjectRequest.<DataSubjectRequest>find(
                        "status = ?1 and expectedSystems is not null and attentionSince is null and orderedAt < ?2 order by orderedAt",
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
                    + config.orders().silenceAlert().toString().substring(2).toLowerCase() + " of the order";
            request.record(AuditKind.ATTENTION, DataSubjectRequest.SYSTEM_ACTOR, now, request.attentionReason);
        }
    }

    /**
     * Every registered system's part in one order, in registry order: its answer (outcome, evidence, notices),
     * {@value #AWAITING}, or {@value #NOT_CONCERNED} with the reason; then any system outside the registry that
     * answered all the same.
     */
    public List<SystemStatus> everySystem(Operation operation, List<String> expected, List<SystemAnswer> answers) {
        Map<String, SystemAnswer> bySystem = new LinkedHashMap<>();
        answers.forEach(a -> bySystem.put(a.system(), a));
        List<SystemStatus> statuses = new ArrayList<>();
        for (Register.RegisteredSystem system : register.systems()) {
            SystemAnswer answer = bySystem.remove(system.name());
            if (answer != null) {
                statuses.add(SystemStatus.answered(system.kind(), answer));
            } else if (expected.contains(system.name())) {
                statuses.add(new SystemStatus(system.name(), system.kind(), AWAITING, null, null, null, null));
            } else {
                statuses.add(new SystemStatus(system.name(), system.kind(), NOT_CONCERNED, null,
                        whyNotConcerned(system, operation), null, null));
            }
        }
        bySystem.values().forEach(a -> statuses.add(SystemStatus.answered(null, a)));
        return statuses;
    }

    private static String whyNotConcerned(Register.RegisteredSystem system, Operation operation) {
        if (THIS_SERVICE.equals(system.owner())) {
            return "request-service keeps the records of the requests as their proof (GDPR Art. 5(2)); no order changes them";
        }
        if (Boolean.FALSE.equals(system.connected())) {
            return "not connected yet: no order reaches it";
        }
        if (!system.takesPartIn(operation.code)) {
            return "takes no part in " + operation.noun + " (its operations in the registry: "
                    + (system.operations().isEmpty() ? "none" : String.join(", ", system.operations())) + ")";
        }
        return "not expected when the order was placed (the registry changed since)";
    }

    /** One system's latest word on an order: the outcome's name (ERASED, APPLIED, FAILED...). */
    public record SystemAnswer(String system, String outcome, Instant confirmedAt, List<Evidence> evidence, List<String> notices) {
    }

    /**
     * One registered system's part in an order.
     *
     * @param kind   the registry's kind; absent for a system outside the registry that answered
     * @param status the outcome it reported, {@value #AWAITING}, or {@value #NOT_CONCERNED}
     * @param reason why a system is not concerned
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SystemStatus(String system, String kind, String status, Instant confirmedAt, String reason,
                               List<Evidence> evidence, List<String> notices) {

        static SystemStatus answered(String kind, SystemAnswer answer) {
            return new SystemStatus(answer.system(), kind, answer.outcome(), answer.confirmedAt(), null, answer.evidence(),
                    answer.notices());
        }
    }
}
