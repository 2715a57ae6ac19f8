package io.privacyplatform.partnersync.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /tasks/{id}/resolve}. */
@Schema(description = "How the DEAD task was handled by hand. The note is evidence: it is stored, shown to operators and "
        + "published in erasure-confirmed, so it must not contain personal data (no email, name or phone).")
public record TaskResolution(
        @Schema(description = "What was done, without personal data, e.g. \"Deleted in the Stripe dashboard, ticket OPS-123\"",
                maxLength = 500)
        @NotBlank @Size(max = 500)
        // Linear in the note's length, whatever its size (the size is checked beside, not before): an address is
        // looked for only where a run of address characters starts, and each run is read once (possessive).
        @Pattern(regexp = "(?s)(?!.*(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++\\.[A-Za-z]).*",
                message = "must not contain an email address (no personal data in notes)")
        String note) {
}
