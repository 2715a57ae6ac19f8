package io.privacyplatform.partnersync.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /tasks/{id}/resolve}. */
@Schema(description = "How the DEAD task was handled by hand. The note is evidence: it is stored, shown to operators and "
        + "published in erasure-confirmed, so it must not contain personal data (no email, name or phone). An erasure's "
        + "task (ERASE, REDACT, LOOKUP) is resolved by a privacy officer only, with a category.")
public record TaskResolution(
        @Schema(description = "What was done, without personal data, e.g. \"Deleted in the Stripe dashboard, ticket OPS-123\"",
                maxLength = 500)
        @NotBlank @Size(max = 500)
        @Pattern(regexp = NO_EMAIL_ADDRESS,
                message = "must not contain an email address (no personal data in notes)")
        String note,
        @Schema(description = "Required for an erasure's task: what the officer established, one of "
                + "erased-in-partner-console, partner-confirmed-by-mail, partner-confirmed-by-ticket, "
                + "already-absent-at-partner, no-data-found")
        @Size(max = 60)
        String category,
        @Schema(description = "Where the proof is kept, without personal data, e.g. a ticket number \"OPS-123\"", maxLength = 200)
        @Size(max = 200)
        @Pattern(regexp = NO_EMAIL_ADDRESS,
                message = "must not contain an email address (no personal data in evidence)")
        String evidenceReference) {

    /**
     * Any text without an email address. Linear in the text's length, whatever its size (the size is checked beside,
     * not before): an address is looked for only where a run of address characters starts, and each run is read once
     * (possessive).
     */
    static final String NO_EMAIL_ADDRESS = "(?s)(?!.*(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++\\.[A-Za-z]).*";
}
