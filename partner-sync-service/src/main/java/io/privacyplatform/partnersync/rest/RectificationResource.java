package io.privacyplatform.partnersync.rest;

import io.privacyplatform.partnersync.service.RectificationOutcomes;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Where a rectification order stands at each partner (no event carries it: DESIGN.md defines none). */
@Path("/rectifications")
@Tag(name = "Rectifications", description = "Outcome of rectification orders at Stripe and HubSpot (GDPR Art. 16, 19)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
public class RectificationResource {

    private final RectificationOutcomes outcomes;

    RectificationResource(RectificationOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @GET
    @Path("/{orderId}")
    @Operation(summary = "Outcome of a rectification order per partner, with each object's field results and read-back")
    @APIResponse(responseCode = "200", description = "The outcome")
    @APIResponse(responseCode = "404", description = "No such rectification order (not received, or not for partners)")
    public RectificationView get(@PathParam("orderId") UUID orderId) {
        return RectificationView.of(outcomes.of(orderId));
    }
}
