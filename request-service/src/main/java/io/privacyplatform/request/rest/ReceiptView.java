package io.privacyplatform.request.rest;

import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.service.ErasureTracking;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The erasure receipt: for each system, what it did and when, what it keeps and why, and what the subject
 * must know ({@link ErasureTracking#receipt} builds it); {@code awaiting} lists the systems that have not answered yet.
 */
public record ReceiptView(UUID requestId, UUID orderId, RequestStatus status, Instant filedAt, Instant closedAt,
                          List<ErasureTracking.SystemOutcome> systems, List<String> awaiting) {

    static ReceiptView of(ErasureTracking.Receipt receipt) {
        DataSubjectRequest request = receipt.request();
        return new ReceiptView(request.id, request.erasureOrderId, request.status(), request.filedAt, request.closedAt(),
                receipt.systems(), receipt.awaiting());
    }
}
