package io.privacyplatform.contracts.rectification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Data of {@code io.privacyplatform.rectification.ordered.v1}: the subject's data must be corrected at
 * every recipient (GDPR Art. 16 and 19). The event names the fields only: the corrected values are
 * personal data, fetched from request-service over authenticated HTTP with {@code requestId}, never
 * carried on Kafka.
 *
 * @param fields          field codes to correct: {@code first-name}, {@code last-name}, {@code email}, {@code phone}
 * @param expectedSystems the systems that must apply it and confirm it with {@code order-confirmed}
 */
public record RectificationOrdered(
        @NotNull UUID orderId,
        @NotNull UUID requestId,
        @NotBlank String subjectId,
        @NotEmpty List<@NotBlank String> fields,
        @NotEmpty List<@NotBlank String> expectedSystems,
        @NotNull Instant orderedAt) {
}
