package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.service.ConsentLapses;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/consent-lapses")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sweeps")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
public class ConsentLapseResource {

    private final ConsentLapses lapses;

    ConsentLapseResource(ConsentLapses lapses) {
        this.lapses = lapses;
    }

    @POST
    @Operation(summary = "Report now every consent whose inactivity period ended (consent-lapsed)",
            description = "Publishes consent-lapsed once per subject, consent purpose and last contact, for "
                    + "consent-service to withdraw the consent (reason LAPSED). 409 while another run is in progress.")
    public ConsentLapses.Run run() {
        return lapses.run(ConsentLapses.ON_DEMAND).orElseThrow(() -> Problems.conflict(
                "Another consent-lapse run is in progress (on this or another replica); try again when it has finished."));
    }
}
