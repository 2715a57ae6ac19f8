package io.privacyplatform.request.rest;

import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.PersonLink;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The privacy officer's view of a request's person links (issue 14): which were sent, used, revoked; and revoking them. */
@Path("/requests/{id}/person-links")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "The person's status page")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class PersonLinksResource {

    private final PersonLinks links;
    private final Deadlines deadlines;
    private final SecurityIdentity caller;
    private final AccessJournal journal;

    PersonLinksResource(PersonLinks links, Deadlines deadlines, SecurityIdentity caller, AccessJournal journal) {
        this.links = links;
        this.deadlines = deadlines;
        this.caller = caller;
        this.journal = journal;
    }

    /**
     * One link as the officer sees it, never its token (signed, not stored: only the person's mail holds it).
     *
     * @param state  LIVE, EXPIRED or REVOKED
     * @param opened how many times it opened the page or the export
     */
    public record LinkView(UUID id, Instant issuedAt, Instant expiresAt, Instant revokedAt, String revokedBy, int opened,
                           String state) {
    }

    public record Revoked(UUID requestId, int revoked) {
    }

    @GET
    @Operation(summary = "The links sent to the person for this request, newest first (never the tokens)")
    @APIResponse(responseCode = "200", description = "The links", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "one live link", value = Examples.PERSON_LINKS)))
    @APIResponse(responseCode = "404", description = "No such request")
    public List<LinkView> list(@PathParam("id") UUID id) {
        Instant now = deadlines.now();
        return links.of(id).stream().map(link -> view(link, now)).toList();
    }

    @POST
    @Path("revoke")
    @Operation(summary = "Revoke every live link of the request (a mail sent to a wrong address, a person who asks it)",
            description = "Each revoked link then answers 410 with a page saying what to do; the next mail about the "
                    + "request carries a new link. Audited (PERSON_LINKS_REVOKED).")
    @APIResponse(responseCode = "200", description = "How many links were revoked", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "revoked", value = Examples.PERSON_LINKS_REVOKED)))
    @APIResponse(responseCode = "404", description = "No such request")
    public Revoked revoke(@PathParam("id") UUID id) {
        int revoked = QuarkusTransaction.joiningExisting().call(() -> {
            int count = links.revokeAll(id, caller.getPrincipal().getName());
            journal.record(Access.decision("revoke-person-links", DataCategory.PERSON_LINK).request(id)
                    .subject(DataSubjectRequest.<DataSubjectRequest>findByIdOptional(id).map(r -> r.subjectId).orElse(null)));
            return count;
        });
        return new Revoked(id, revoked);
    }

    private static LinkView view(PersonLink link, Instant now) {
        String state = link.revokedAt != null ? "REVOKED" : now.isBefore(link.expiresAt) ? "LIVE" : "EXPIRED";
        return new LinkView(link.id, link.issuedAt, link.expiresAt, link.revokedAt, link.revokedBy, link.opened, state);
    }
}
