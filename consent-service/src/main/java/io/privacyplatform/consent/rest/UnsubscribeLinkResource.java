package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.consent.service.UnsubscribeLinks;
import io.privacyplatform.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Issues and revokes one-click unsubscribe links for the platform's email footers (RFC 8058). */
@Path("/unsubscribe-links")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Unsubscribe links")
@SecurityRequirement(name = "bearer")
public class UnsubscribeLinkResource {

    private final UnsubscribeLinks links;
    private final ConsentConfig config;
    private final SecurityIdentity caller;

    UnsubscribeLinkResource(UnsubscribeLinks links, ConsentConfig config, SecurityIdentity caller) {
        this.links = links;
        this.config = config;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.UNSUBSCRIBE_LINK_ISSUER)
    @Operation(summary = "The unsubscribe link of a subject and purpose, with the List-Unsubscribe headers",
            description = "The same active link for every email until it is used or revoked; then a new one.")
    public Views.Link issue(@Valid @NotNull Views.IssueLink body) {
        UnsubscribeLinks.Issued issued = links.issue(body.subjectId(), ConsentResource.purpose(body.purpose()),
                caller.getPrincipal().getName());
        String url = config.links().publicBaseUrl().replaceAll("/+$", "")
                + "/unsubscribe/" + issued.token();
        Views.Link link = Views.Link.of(issued.link());
        return new Views.Link(link.tokenId(), link.subjectId(), link.purpose(), link.issuedAt(), link.revokedAt(),
                link.usedAt(), issued.token(), url, "<" + url + ">", "List-Unsubscribe=One-Click");
    }

    @DELETE
    @Path("/{tokenId}")
    @RolesAllowed({Roles.UNSUBSCRIBE_LINK_ISSUER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Revoke a link (e.g. an email forwarded to someone else): it is refused from then on")
    public Views.Link revoke(@PathParam("tokenId") String tokenId) {
        UUID id;
        try {
            id = UUID.fromString(tokenId);
        } catch (IllegalArgumentException e) {
            throw ConsentResource.invalid("tokenId", "must be a link id (UUID)", "Not a link id.");
        }
        return Views.Link.of(links.revoke(id));
    }
}
