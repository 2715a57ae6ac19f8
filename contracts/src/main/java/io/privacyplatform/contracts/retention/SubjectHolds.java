package io.privacyplatform.contracts.retention;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Contract {@code subject-holds} v1: the legal holds in force on a subject (placed by the privacy officer in
 * retention-service). An erasure order of the subject keeps what they cover, and says so to every system. Never the
 * hold's reason (free text of the officer).
 */
public record SubjectHolds(@NotBlank String subjectId, @NotNull List<@Valid Hold> holds) {

    /**
     * @param allPurposes true when the hold keeps everything of the subject
     * @param purposes    the held purposes (policy purpose codes); empty when {@code allPurposes}
     * @param until       when it ends by itself; null = until lifted
     */
    public record Hold(@NotNull UUID holdId, boolean allPurposes, @NotNull List<@NotBlank String> purposes,
                       @NotNull Instant placedAt, Instant until) {
    }
}
