package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.request.RequestStatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The erasure receipt: for each system, what it did and when, what it keeps and why, and what the subject
 * must know; {@code awaiting} lists the systems that have not answered yet.
 */
public record ReceiptView(UUID requestId, UUID orderId, RequestStatus status, Instant filedAt, Instant closedAt,
                          List<SystemOutcome> systems, List<String> awaiting) {

    public record SystemOutcome(String system, ErasureOutcome outcome, Instant confirmedAt, List<Evidence> evidence,
                                List<Exemption> retained, List<String> notices) {
    }
}
