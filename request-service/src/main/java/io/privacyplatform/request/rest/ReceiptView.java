package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.service.ConfirmedOrders;
import io.privacyplatform.request.service.ErasureTracking;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The erasure receipt ({@link ErasureTracking#receipt} builds it).
 *
 * @param systems           each system that answered: what it did and when, what it keeps and why, and what the
 *                          subject must know
 * @param awaiting          the expected systems that have not answered yet
 * @param registeredSystems every system of the registry: its outcome, {@code awaiting}, or {@code not concerned by
 *                          this order} with the reason, or {@code kept under legal hold}
 * @param scope             for an order a legal hold scoped: the purposes whose data went and the held ones kept;
 *                          absent when everything was ordered erased
 */
public record ReceiptView(UUID requestId, UUID orderId, RequestStatus status, Instant filedAt, Instant closedAt,
                          List<ErasureTracking.SystemOutcome> systems, List<String> awaiting,
                          List<ConfirmedOrders.SystemStatus> registeredSystems, ErasureScope scope) {

    static ReceiptView of(ErasureTracking.Receipt receipt) {
        DataSubjectRequest request = receipt.request();
        return new ReceiptView(request.id, request.erasureOrderId, request.status(), request.filedAt, request.closedAt(),
                receipt.systems(), receipt.awaiting(), receipt.registeredSystems(), receipt.scope());
    }
}
