package io.privacyplatform.request.rest;

import io.privacyplatform.request.ExportJob;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The privacy officer's view of the exports still being assembled, each naming the services it waits for. */
@Path("/requests/exports/pending")
@Tag(name = "Exports")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class PendingExportsResource {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Exports not assembled yet, oldest first, with `waitingFor` (service and error code) (at most 500)")
    @APIResponse(responseCode = "200", description = "Pending exports", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one waiting for retention-service", value = "[" + Examples.EXPORT_PENDING + "]")))
    public List<ExportResource.ExportStatus> pending() {
        return ExportJob.<ExportJob>find("status = ?1 order by createdAt", ExportJob.Status.PENDING).page(0, 500).list()
                .stream().map(ExportResource::statusOf).toList();
    }
}
