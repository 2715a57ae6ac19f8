package io.privacyplatform.retention.rest;

import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /inventory/activity}: the platform's batch of activities and contacts. All or nothing: one
 * bad event rejects the batch with every problem named by index ({@code events[3].at}).
 */
public record ReportActivity(@NotEmpty @Size(max = 1000) List<@Valid @NotNull Event> events) {

    /**
     * @param at            when the subject was active or contacted
     * @param contractEndAt optional: the contract's end, when it changed
     */
    public record Event(@SubjectId String subjectId, @NotBlank String purpose, @NotNull Instant at, Instant contractEndAt) {
    }
}
