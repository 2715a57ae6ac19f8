package io.privacyplatform.contracts.rectification;

import jakarta.validation.constraints.NotNull;

import java.util.List;
import java.util.UUID;

/**
 * request-service's answer to {@code GET /requests/{requestId}/rectification}: the new values of an approved
 * rectification, which {@link RectificationOrdered} names by field code only. 404: no rectification request with this
 * id; 409: not approved yet. Personal data: served over authenticated HTTP only, held in memory by the recipient,
 * never stored, logged or published; {@link #toString()} names the fields only.
 *
 * @param orderId the {@code orderId} of the {@code rectification-ordered} event these values belong to
 */
public record CorrectedValues(UUID requestId, UUID orderId, String subjectId, @NotNull List<Correction> corrections) {

    /**
     * One field to correct.
     *
     * @param field {@code first-name}, {@code last-name}, {@code email} or {@code phone}
     */
    public record Correction(String field, String value) {

        @Override
        public String toString() {
            return "Correction[" + field + "]";
        }
    }

    @Override
    public String toString() {
        return "CorrectedValues[requestId=" + requestId + ", orderId=" + orderId + ", corrections=" + corrections + "]";
    }
}
