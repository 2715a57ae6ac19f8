package io.privacyplatform.request.rest;

import io.privacyplatform.request.RefusedConfirmation;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.BeanParam;
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

/** Every confirmation the gate refused, newest first (the attention list shows the latest ones). */
@Path("/requests/attention/refused-confirmations")
@Tag(name = "Data-subject requests")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class RefusedConfirmationsResource {

    static final String REFUSED = """
            {"id":"0b6f3c52-3e0e-4d0c-9a51-1c2f7a9d4e11","system":"consent","channel":"erasure-confirmed",
             "principal":"/partner-sync-service","orderId":"5b7d0c2a-8e1f-4c3b-9d6e-2a4f8b1c7e90","subjectId":"usr-7f3a",
             "requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","reason":"NOT_OWNER","refusedAt":"2026-02-01T09:02:41Z"}""";

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Confirmations refused by the gate, newest first (privacy officer)",
            description = "A confirmation for a system that is not registered, or sent by a principal that does not own "
                    + "the system (reasons UNREGISTERED_SYSTEM, NOT_OWNER, WRONG_CHANNEL, SYSTEM_MISMATCH). None was "
                    + "applied; the request of the order, if any, notes it in its audit trail.")
    @APIResponse(responseCode = "200", description = "A page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "refused", value = "{\"items\":[" + REFUSED + "],\"page\":0,\"size\":50,\"total\":1}")))
    public Page<RefusedConfirmationView> list(@Valid @BeanParam PageParams paging) {
        return new Page<>(RefusedConfirmation.latest(paging.page, paging.size).stream().map(RefusedConfirmationView::of).toList(),
                paging.page, paging.size, RefusedConfirmation.count());
    }
}
