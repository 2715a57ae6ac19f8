package io.privacyplatform.retention.rest;

import io.privacyplatform.contracts.subject.SubjectContactDetails;
import io.privacyplatform.retention.service.DatastoreSubjectData;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The subject-contact lookup, contract {@code HttpContracts.SUBJECT_CONTACT}: the subject's email addresses from the
 * company datastores' contact columns, for partner-sync's email lookup at erasure time (its service token, role
 * {@code platform}). The answer is personal data: served, never logged.
 */
@Path("/subjects/{subjectId}/contact")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Subjects")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.CONTACT_READER)
public class SubjectContactResource {

    private final DatastoreSubjectData subjectData;
    private final AccessJournal journal;

    SubjectContactResource(DatastoreSubjectData subjectData, AccessJournal journal) {
        this.subjectData = subjectData;
        this.journal = journal;
    }

    @GET
    @Operation(summary = "The subject's email addresses from the datastores' contact columns")
    @APIResponse(responseCode = "404", description = "No datastore holds an email address of the subject")
    @APIResponse(responseCode = "503", description = "A datastore cannot be read right now")
    public SubjectContactDetails contact(@PathParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        SubjectContactDetails contact = subjectData.contact(subject).orElseThrow(() ->
                Problems.notFound("No datastore holds an email address of this subject."));
        journal.record(Access.read(DataCategory.CONTACT).subject(subject));
        return contact;
    }
}
