package io.privacyplatform.request.rest;

import io.privacyplatform.request.IdentityCheckMethod;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Bodies of the actions on a request (records on the wire). */
public final class Actions {

    private Actions() {
    }

    /** {@code POST /requests/on-behalf}: the privacy officer files for someone whose identity they checked. */
    public record FileOnBehalf(@SubjectId @Schema(description = "Pseudonymous subject id (for HEIR: the deceased)") String subjectId,
                               @NotNull @Valid IdentityCheck identityCheck,
                               @NotNull @Valid FileRequest request) {
    }

    /** How identity was checked; the note is stored encrypted. */
    public record IdentityCheck(@NotNull IdentityCheckMethod method, @Size(max = 500) String note) {
    }

    /** {@code POST /requests/{id}/reject}. */
    public record Reject(@NotNull RejectionGround ground,
                         @NotBlank @Size(max = FileRequest.DETAILS_MAX) @Schema(description = "The reasons, as the subject will read them") String text) {
    }

    /** {@code POST /requests/{id}/extend}. */
    public record Extend(@NotNull @Min(1) @Max(2) @Schema(description = "Further months: 1 or 2") Integer months,
                         @NotBlank @Size(max = FileRequest.DETAILS_MAX) @Schema(description = "Why, as the subject will read it") String reason) {
    }

    /** How the officer closes a request. */
    public enum Outcome { COMPLETED, PARTIALLY_COMPLETED }

    /** {@code POST /requests/{id}/complete}. */
    public record Complete(@NotNull Outcome outcome,
                           @Size(max = 10) List<@NotBlank @Size(max = 500) String> reasons) {
    }

    /** {@code POST /requests/{id}/restriction/lift}. */
    public record LiftRestriction(@NotBlank @Size(max = FileRequest.DETAILS_MAX) String reason) {
    }
}
