package io.privacyplatform.retention.rest;

import io.privacyplatform.contracts.retention.SubjectHolds;
import io.privacyplatform.retention.LegalHold;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;

/**
 * The legal holds in force on a subject, contract {@code HttpContracts.SUBJECT_HOLDS}: request-service reads them when
 * it orders an erasure, so that the order keeps what they cover in every system (its service token, role
 * {@code platform}). Never the officer's reason. A subject without holds gets an empty list, not a 404: "no hold" is
 * an answer the caller acts on.
 */
@Path("/subjects/{subjectId}/holds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subjects")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.HOLD_READER, Roles.PRIVACY_OFFICER})
public class SubjectHoldsResource {

    private final Clock clock;
    private final AccessJournal journal;

    SubjectHoldsResource(Clock clock, AccessJournal journal) {
        this.clock = clock;
        this.journal = journal;
    }

    @GET
    @Operation(summary = "The legal holds in force on the subject, without their reasons")
    public SubjectHolds holds(@PathParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        SubjectHolds holds = new SubjectHolds(subject, LegalHold.activeOf(subject, clock.instant()).stream()
                .map(h -> new SubjectHolds.Hold(h.id, h.allPurposes, h.allPurposes ? java.util.List.of()
                        : java.util.List.copyOf(h.purposeSet()), h.placedAt, h.heldUntil))
                .toList());
        journal.record(Access.read(DataCategory.LEGAL_HOLDS).subject(subject));
        return holds;
    }
}
