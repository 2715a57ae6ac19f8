package io.privacyplatform.partnersync.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** Body of {@code POST /processor-records}: a partner object created with a subject's data. */
@Schema(description = "A partner object that holds a subject's data. Ids only: no email, name or phone.")
public record NewProcessorRecord(
        @Schema(description = "Pseudonymous subject id", example = "usr_7f3a9c")
        @NotBlank @Size(max = 200) @Pattern(regexp = "[A-Za-z0-9_.:-]+", message = "must be a pseudonymous id (letters, digits, _ . : -)")
        String subjectId,
        @Schema(description = "stripe, hubspot or openai", example = "stripe")
        @NotBlank @Size(max = 20)
        String partner,
        @Schema(description = "stripe: customer; hubspot: contact; openai: response, conversation, file, vector_store, chat_completion",
                example = "customer")
        @NotBlank @Size(max = 40)
        String objectType,
        @Schema(description = "The partner's id of the object", example = "cus_NffrFeUfNV2Hib")
        @NotBlank @Size(max = 200)
        String objectId,
        @Schema(description = "Purpose code of the processing (policy section 5), e.g. billing", example = "billing")
        @NotBlank @Size(max = 100) @Pattern(regexp = "[a-z0-9][a-z0-9._-]*", message = "must be a purpose code (lower-case letters, digits, . _ -)")
        String purpose,
        @Schema(description = "When the object was created at the partner; defaults to now")
        @PastOrPresent
        Instant createdAt) {
}
