package io.privacyplatform.request.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.contracts.request.RequestFiled;
import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.RequestTransition;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The request lifecycle: filing, approval into an erasure order, confirmations, completion. */
@ApplicationScoped
public class RequestService {

    static final String SYSTEM_ACTOR = "system:request-service";

    private final Outbox outbox;
    private final RequestsConfig config;
    private final ObjectMapper objectMapper;
    private final MeterRegistry meters;
    private final Clock clock;

    RequestService(Outbox outbox, RequestsConfig config, ObjectMapper objectMapper, MeterRegistry meters) {
        this.outbox = outbox;
        this.config = config;
        this.objectMapper = objectMapper;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /**
     * Files a request. An open request of the same type for the same subject is not duplicated: the
     * caller gets a 409 naming it.
     */
    @Transactional
    public DataSubjectRequest file(String subjectId, RequestType type, RequestChannel channel, String actor) {
        if (type != RequestType.ERASURE) {
            throw ProblemException.unprocessable("Requests of type " + type + " are not handled yet; only ERASURE is.");
        }
        DataSubjectRequest.findOpen(subjectId, type).ifPresent(open -> {
            throw ProblemException.conflict("An open " + type + " request already exists: " + open.id + ".");
        });

        Instant now = clock.instant();
        DataSubjectRequest request = new DataSubjectRequest();
        request.id = UUID.randomUUID();
        request.subjectId = subjectId;
        request.type = type;
        request.channel = channel;
        request.status = RequestStatus.FILED;
        request.filedAt = now;
        request.dueOn = dueOn(now);
        request.persist();
        RequestTransition.record(request, null, actor, now, null);

        outbox.publish(Events.REQUEST_FILED, subjectId, new RequestFiled(request.id, subjectId, type, channel, now, request.dueOn));
        meters.counter("requests.filed", "type", type.name()).increment();
        return request;
    }

    /** GDPR Art. 12(3): one calendar month after receipt; a month-end receipt ends at the shorter month's end. */
    LocalDate dueOn(Instant receivedAt) {
        return LocalDate.ofInstant(receivedAt, config.zone()).plusMonths(1);
    }

    /** The privacy officer approves: the erasure order goes out with the exemptions that apply. */
    @Transactional
    public DataSubjectRequest approve(UUID requestId, String officer) {
        DataSubjectRequest request = get(requestId);
        if (request.status != RequestStatus.FILED) {
            throw ProblemException.conflict("Request " + requestId + " is " + request.status + "; only FILED requests can be approved.");
        }
        Instant now = clock.instant();
        List<String> expected = config.erasure().expectedSystems();
        List<Exemption> exemptions = config.erasure().exemptions().stream()
                .filter(e -> expected.contains(e.system()))
                .map(e -> new Exemption(e.system(), e.dataCategory(), e.legalBasis()))
                .toList();

        request.status = RequestStatus.IN_PROGRESS;
        request.erasureOrderId = UUID.randomUUID();
        request.expectedSystems = String.join(",", expected);
        RequestTransition.record(request, RequestStatus.FILED, officer, now, "erasure ordered " + request.erasureOrderId);

        outbox.publish(Events.ERASURE_ORDERED, request.subjectId, new ErasureOrdered(request.erasureOrderId, request.id,
                request.subjectId, ErasureReason.DATA_SUBJECT_REQUEST, expected, exemptions, now));
        return request;
    }

    /**
     * Records one system's confirmation (the latest report of a system wins, so a failure retried by hand
     * can still complete the request) and closes the request once every expected system answered.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordConfirmation(ErasureConfirmed confirmed) {
        DataSubjectRequest request = DataSubjectRequest.findByErasureOrder(confirmed.orderId()).orElse(null);
        if (request == null) {
            // Orders from retention expiry have no request here.
            Log.debugf("Confirmation for order %s that no request of this service placed", confirmed.orderId());
            return;
        }
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
        row.outcome = confirmed.outcome();
        row.evidence = json(confirmed.evidence());
        row.retained = json(confirmed.retained());
        row.notices = json(confirmed.notices());
        row.confirmedAt = confirmed.confirmedAt();
        row.receivedAt = clock.instant();
        row.persist();

        if (request.status == RequestStatus.IN_PROGRESS || request.status == RequestStatus.PARTIALLY_COMPLETED) {
            closeIfAllConfirmed(request);
        }
    }

    /**
     * Closes the request once every expected system answered. A partially completed request is closed again
     * as completed when a system that had failed (and was retried or resolved) confirms later.
     */
    private void closeIfAllConfirmed(DataSubjectRequest request) {
        List<ErasureConfirmation> confirmations = ErasureConfirmation.ofOrder(request.erasureOrderId);
        Set<String> confirmedSystems = new HashSet<>();
        boolean anyFailed = false;
        for (ErasureConfirmation confirmation : confirmations) {
            confirmedSystems.add(confirmation.key.system());
            anyFailed |= confirmation.outcome == ErasureOutcome.FAILED;
        }
        if (!confirmedSystems.containsAll(request.expectedSystemList())) {
            return;
        }
        RequestStatus closed = anyFailed ? RequestStatus.PARTIALLY_COMPLETED : RequestStatus.COMPLETED;
        if (closed == request.status) {
            return;
        }
        Instant now = clock.instant();
        RequestStatus from = request.status;
        request.status = closed;
        request.closedAt = now;
        RequestTransition.record(request, from, SYSTEM_ACTOR, now,
                anyFailed ? "every system answered; at least one could not erase" : "every system confirmed");
    }

    public DataSubjectRequest get(UUID requestId) {
        return DataSubjectRequest.<DataSubjectRequest>findByIdOptional(requestId)
                .orElseThrow(() -> ProblemException.notFound("No request " + requestId + "."));
    }

    public List<DataSubjectRequest> list(RequestStatus status) {
        return status == null
                ? DataSubjectRequest.list("order by filedAt")
                : DataSubjectRequest.list("status = ?1 order by filedAt", status);
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store confirmation details", e);
        }
    }
}
