package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.request.service.ConfirmationGate;
import io.privacyplatform.request.service.Confirmations;
import io.privacyplatform.support.problem.Problems;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Confirmations from the company's custom systems that do not use Kafka: the bearer token's OIDC client (claim
 * {@code azp}, else {@code client_id}) must be the client the registry binds to the system ({@code confirmedBy}), and
 * carry the role {@value #ROLE}. The {@link ConfirmationGate} decides; a refusal is kept for the privacy officer.
 */
@Path("/systems")
@Tag(name = "System confirmations")
@SecurityRequirement(name = "bearer")
public class SystemConfirmationResource {

    /** The role of a custom system's OIDC client (claim {@code groups}). */
    public static final String ROLE = "system-confirmer";

    static final String CONFIRMATION = """
            {"orderId":"5b7d0c2a-8e1f-4c3b-9d6e-2a4f8b1c7e90","requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10",
             "subjectId":"usr-7f3a","system":"loyalty","outcome":"ERASED","evidence":[{"objectType":"member",
             "objectId":"m-88121","action":"DELETE member","result":"deleted","verification":"read back: absent"}],
             "retained":[],"notices":[],"confirmedAt":"2026-02-01T09:02:40Z"}""";
    static final String ORDER_CONFIRMATION = """
            {"orderId":"8d2c4e1a-5b7f-4a9c-b3d2-1e6f0a9c7b42","requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10",
             "subjectId":"usr-7f3a","system":"loyalty","kind":"RECTIFICATION","outcome":"APPLIED","evidence":[
             {"objectType":"member","objectId":"m-88121","action":"UPDATE member set email","result":"updated",
             "verification":"read back: the corrected value"}],"notices":[],"confirmedAt":"2026-02-01T09:02:40Z"}""";
    static final String NOT_OWNER = """
            {"type":"about:blank","title":"Forbidden","status":403,
             "detail":"loyalty is confirmed by loyalty-service, not by client 'crm-sync'"}""";

    private final Confirmations confirmations;
    private final JsonWebToken token;

    SystemConfirmationResource(Confirmations confirmations, JsonWebToken token) {
        this.confirmations = confirmations;
        this.token = token;
    }

    @POST
    @Path("{system}/erasure-confirmations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ROLE)
    @Operation(summary = "A custom system confirms an erasure order over HTTP (its own OIDC client)",
            description = "For a `custom` system of the registry without Kafka. The body is the `erasure-confirmed` event's "
                    + "data (contracts `ErasureConfirmed`), its `system` the path's. The token's client (azp or client_id) "
                    + "must be the system's `confirmedBy`. A refused confirmation changes no request and is listed for "
                    + "the privacy officer (GET /requests/attention). Sending the same confirmation again changes nothing.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureConfirmed.class),
            examples = @ExampleObject(name = "erased", value = CONFIRMATION)))
    @APIResponse(responseCode = "202", description = "Admitted and recorded (no body)")
    @APIResponse(responseCode = "400", description = "A missing or malformed field")
    @APIResponse(responseCode = "403", description = "The client does not own the system, or the system is not confirmed over HTTP",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "not the owner", value = NOT_OWNER)))
    @APIResponse(responseCode = "404", description = "No such system in the registry")
    @APIResponse(responseCode = "422", description = "The body names another system than the path")
    public Response confirmErasure(@PathParam("system") String system, @Valid @NotNull ErasureConfirmed body) {
        ConfirmationGate.Channel channel = ConfirmationGate.Channel.http("/systems/" + system + "/erasure-confirmations", system);
        return answer(confirmations.receiveOverHttp(channel, client(), body));
    }

    @POST
    @Path("{system}/order-confirmations")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(ROLE)
    @Operation(summary = "A custom system confirms a rectification, restriction or lift order over HTTP (its own OIDC client)",
            description = "As the erasure confirmation, with the `order-confirmed` event's data (contracts `OrderConfirmed`): "
                    + "`orderId` of the `rectification-ordered` or `restriction-changed` event, `kind` RECTIFICATION, "
                    + "RESTRICTION or RESTRICTION_LIFT, `outcome` APPLIED, NOTHING_HELD or FAILED.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderConfirmed.class),
            examples = @ExampleObject(name = "applied", value = ORDER_CONFIRMATION)))
    @APIResponse(responseCode = "202", description = "Admitted and recorded (no body)")
    @APIResponse(responseCode = "400", description = "A missing or malformed field")
    @APIResponse(responseCode = "403", description = "The client does not own the system, or the system is not confirmed over HTTP",
            content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "not the owner", value = NOT_OWNER)))
    @APIResponse(responseCode = "404", description = "No such system in the registry")
    @APIResponse(responseCode = "422", description = "The body names another system than the path")
    public Response confirmOrder(@PathParam("system") String system, @Valid @NotNull OrderConfirmed body) {
        ConfirmationGate.Channel channel = ConfirmationGate.Channel.http("/systems/" + system + "/order-confirmations", system);
        return answer(confirmations.receiveOverHttp(channel, client(), body));
    }

    /** 202 when admitted; otherwise the refusal as a problem (it is already kept for the officer). */
    private static Response answer(ConfirmationGate.Verdict verdict) {
        if (verdict.admitted()) {
            return Response.accepted().build();
        }
        throw switch (verdict.refusal()) {
            case UNREGISTERED_SYSTEM -> Problems.notFound(verdict.detail() + ".");
            case SYSTEM_MISMATCH -> Problems.unprocessable(verdict.detail() + ".");
            case WRONG_CHANNEL, NOT_OWNER -> Problems.forbidden(verdict.detail() + ".");
        };
    }

    /** The OIDC client the token was issued to: {@code azp} (Keycloak, the local issuer), else {@code client_id}. */
    private String client() {
        String azp = token.getClaim("azp");
        return azp != null ? azp : token.getClaim("client_id");
    }
}
