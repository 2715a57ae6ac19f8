package io.privacyplatform.request.rest;

import io.privacyplatform.policy.Register;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The register of processing (GDPR Art. 30) and the information of Art. 13-15, public and read-only: purposes and
 * legal bases, data categories, sources, recipients, technical partners with their transfer safeguards, hosting,
 * retention rules (the ones retention-service enforces), how to exercise one's rights, and the registry of systems
 * that hold personal data with the operations each takes part in.
 */
@Path("/register")
@PermitAll
@Tag(name = "Register of processing")
public class RegisterResource {

    private final Register register;
    private final Template page;

    RegisterResource(Register register, @Location("register.html") Template page) {
        this.register = register;
        this.page = page;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The register of processing (JSON, no token)",
            description = "Built from the policy module: register.yaml, retention-policy.yaml (the same rules "
                    + "retention-service enforces) and systems.yaml (every system that holds personal data: kind, owner, "
                    + "data categories, purposes, hosting, the operations it takes part in). Ask for text/html for the "
                    + "readable page.")
    @APIResponse(responseCode = "200", description = "The register", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "partner", value = Examples.REGISTER_PARTNER)))
    public Register json() {
        return register;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The register of processing as a readable page (no token)")
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML))
    public String html() {
        return page.data("register", register).render();
    }
}
