package io.privacyplatform.retention.rest;

import io.privacyplatform.support.subject.SubjectId;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /holds}.
 *
 * @param allPurposes true to hold everything of the subject; otherwise give {@code purposes}
 * @param purposes    purpose codes of the retention policy
 * @param reason      why (kept here, never on Kafka or in logs)
 * @param until       when the hold ends by itself; omitted: until lifted
 */
public record PlaceHold(@SubjectId String subjectId, Boolean allPurposes, @Size(max = 20) List<@NotBlank String> purposes,
                        @NotBlank @Size(max = 2000) String reason, Instant until) {
}
