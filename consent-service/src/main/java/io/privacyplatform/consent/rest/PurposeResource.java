package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.consent.service.Notices;
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

    private final Notices notices;
    private final ConsentConfig config;

    PurposeResource(Notices notices, ConsentConfig config) {
        this.notices = notices;
        this.config = config;
    }

    @GET
    @Transactional
    @Operation(summary = "Every purpose with its legal basis and the notice of the current policy version")
    public List<Views.Purpose> purposes() {
        return Arrays.stream(ConsentPurpose.values()).map(p -> new Views.Purpose(p.code(), p.policySection(),
                p.legalBasis(), p.marketing(), p.allowedByDefault(),
                notices.of(p, config.policyVersion()).orElse(null))).toList();
    }

    @GET
    @Path("/{purpose}/notices")
    @Transactional
    @Operation(summary = "Every published notice of one purpose, one per policy version, with its SHA-256")
    public List<Notices.Notice> notices(@PathParam("purpose") String purpose) {
        return notices.ofPurpose(ConsentResource.purpose(purpose));
    }
}
