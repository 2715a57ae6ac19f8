package io.privacyplatform.request.rest;

import java.util.List;
import java.util.UUID;

/**
 * {@code GET /requests/{id}/rectification}: what partner-sync-service applies for a {@code rectification-ordered}
 * event. Personal data: served over authenticated HTTPS only, never put on Kafka.
 */
public record RectificationValues(UUID requestId, UUID orderId, String subjectId, List<FileRequest.Correction> corrections) {
}
