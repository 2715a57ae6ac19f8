package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.ConsentNotice;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.config.ConsentConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;

/**
 * The purposes and their notices, public like the register of processing: a frontend shows the notice text
 * before anyone logs in, and sends its hash with the grant as proof of what was shown.
 */
@Path("/purposes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Purposes")
@PermitAll
public class PurposeResource {

    private final ConsentConfig config;

    PurposeResource(ConsentConfig config) {
        this.config = config;
    }

    @GET
    @Transactional
    @Operation(summary = "Every purpose with its legal basis and the notice of the current policy version")
    public List<Views.Purpose> purposes() {
        return Arrays.stream(ConsentPurpose.values()).map(p -> new Views.Purpose(p.code(), p.policySection(),
                p.legalBasis(), p.marketing(), p.allowedByDefault(),
                ConsentNotice.of(p, config.policyVersion()).map(Views.Notice::of).orElse(null))).toList();
    }

    @GET
    @Path("/{purpose}/notices")
    @Transactional
    @Operation(summary = "Every published notice of one purpose, one per policy version, with its SHA-256")
    public List<Views.Notice> notices(@PathParam("purpose") String purpose) {
        return ConsentNotice.ofPurpose(ConsentResource.purpose(purpose)).stream().map(Views.Notice::of).toList();
    }
}
