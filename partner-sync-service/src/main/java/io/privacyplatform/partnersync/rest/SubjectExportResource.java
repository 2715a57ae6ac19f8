package io.privacyplatform.partnersync.rest;

import io.privacyplatform.contracts.export.PartnerSyncExport;
import io.privacyplatform.partnersync.service.SubjectExports;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** partner-sync's slice of an access export (GDPR Art. 15), for request-service and the privacy officer. */
@Path("/subjects/{subjectId}/export")
@Tag(name = "Access export", description = "Processor records and what Stripe and HubSpot hold about a subject")
@Produces(MediaType.APPLICATION_JSON)
public class SubjectExportResource {

    private final SubjectExports exports;
    private final AccessJournal journal;

    SubjectExportResource(SubjectExports exports, AccessJournal journal) {
        this.exports = exports;
        this.journal = journal;
    }

    @GET
    @RolesAllowed({Roles.SUBJECT_EXPORT_READER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "A subject's processor records and what Stripe and HubSpot hold, read now",
            description = "An unknown subject answers 200 with empty lists. complete=false when some object could not "
                    + "be read (partner failing, circuit open, rate limited, out of time): ask again later.")
    @APIResponse(responseCode = "200", description = "The export slice")
    @APIResponse(responseCode = "400", description = "Malformed subjectId")
    public PartnerSyncExport export(@PathParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        PartnerSyncExport export = exports.export(subject);
        journal.record(Access.read(DataCategory.PARTNER_LIVE_DATA).subject(subject));
        return export;
    }
}
