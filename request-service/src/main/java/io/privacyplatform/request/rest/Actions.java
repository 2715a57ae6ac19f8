package io.privacyplatform.request.rest;

import io.privacyplatform.request.IdentityCheckMethod;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
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

    /**
     * {@code POST /requests/on-behalf}: the privacy officer files for someone whose identity they checked; the mails go
     * in {@code language}, to {@code contactEmail} when given (an heir's address), else to the account's address if the
     * datastores hold one (never to a deceased's account).
     */
    public record FileOnBehalf(@SubjectId @Schema(description = "Pseudonymous subject id (for HEIR: the deceased)") String subjectId,
                               @NotNull @Valid IdentityCheck identityCheck,
                               @NotNull @Valid FileRequest request,
                               @Pattern(regexp = Filing.LANGUAGE_CODES, message = Filing.LANGUAGE_RULE)
                               @Schema(description = "Language of the mails: fr (default) or en") String language,
                               @Email(message = "must be an email address") @Size(max = Filing.EMAIL_MAX)
                               @Schema(description = "Where the mails go (e.g. the heir's address); stored encrypted until the request is closed and its mails sent") String contactEmail) {

        @Override
        public String toString() {
            // Bean Validation quotes the bean in its messages, missing fields included: never a NullPointerException here.
            return "FileOnBehalf[" + subjectId + ", " + (request == null ? null : request.type())
                    + (contactEmail == null ? "" : ", address given") + "]";
        }
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
