package io.privacyplatform.request.rest;

import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ExportJob;
import io.privacyplatform.request.ExportSlice;
import io.privacyplatform.request.service.export.ExportJobs;
import io.privacyplatform.request.service.export.ExportLinks;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The export of an approved ACCESS or PORTABILITY request: its assembly status (which service is still missing),
 * download links, and the download itself. Only the request's subject or the privacy officer; another subject's
 * request answers 404, like one that does not exist.
 */
@Path("/requests/{id}/export")
@Tag(name = "Exports")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
public class ExportResource {

    private final ExportJobs jobs;
    private final ExportLinks links;
    private final SecurityIdentity caller;
    private final Template page;
    private final AccessJournal journal;

    ExportResource(ExportJobs jobs, ExportLinks links, SecurityIdentity caller, @Location("export.html") Template page,
                   AccessJournal journal) {
        this.jobs = jobs;
        this.links = links;
        this.caller = caller;
        this.page = page;
        this.journal = journal;
    }

    /** Where an export stands; {@code waitingFor} names each service whose slice is not in yet, with the error code. */
    public record ExportStatus(UUID requestId, String kind, ExportJob.Status status, Instant createdAt, Instant readyAt,
                              Instant linkExpiresAt, int downloads, List<Slice> slices, List<String> waitingFor) {
    }

    public record Slice(String service, ExportSlice.Status status, int attempts, String lastError, Instant lastAttemptAt,
                        Instant nextAttemptAt) {
    }

    public record Link(String href, Instant expiresAt) {
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The export's assembly: PENDING (and which service is missing, with its error code) or READY")
    @APIResponse(responseCode = "200", description = "The export's status", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "waiting for a service", value = Examples.EXPORT_PENDING)))
    @APIResponse(responseCode = "404", description = "No such request, not the caller's, or no export (not an approved ACCESS/PORTABILITY)")
    public ExportStatus status(@PathParam("id") UUID id) {
        return statusOf(job(id));
    }

    /** The status of one job (also the rows of the officer's list of pending exports). */
    static ExportStatus statusOf(ExportJob job) {
        UUID id = job.requestId;
        List<Slice> slices = ExportSlice.of(id).stream().map(s -> new Slice(s.service, s.status, s.attempts, s.lastError,
                s.lastAttemptAt, s.status == ExportSlice.Status.RECEIVED ? null : s.nextAttemptAt)).toList();
        List<String> waiting = slices.stream().filter(s -> s.status() != ExportSlice.Status.RECEIVED)
                .map(s -> s.service() + (s.lastError() == null ? "" : " (" + s.lastError() + ")")).toList();
        return new ExportStatus(id, job.kind, job.status, job.createdAt, job.readyAt, job.linkExpiresAt, job.downloads,
                slices, job.status == ExportJob.Status.PENDING ? waiting : List.of());
    }

    @POST
    @Path("link")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue a download link for a READY export",
            description = "The link carries a random token shown once (only its hash is stored); it works for "
                    + "requests.export.link-ttl (default 7 days), and a new link replaces the previous one.")
    @APIResponse(responseCode = "201", description = "The link", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "link", value = Examples.EXPORT_LINK)))
    @APIResponse(responseCode = "409", description = "The export is still being assembled")
    public Response link(@PathParam("id") UUID id) {
        job(id);
        ExportLinks.Link link = links.issueLink(id, caller.getPrincipal().getName());
        String href = "/requests/" + id + "/export?format=json&token=" + link.token();
        return Response.status(201).entity(new Link(href, link.expiresAt())).build();
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, "text/csv"})
    @Operation(summary = "Download the export (json, html or csv) with a link's token; every download is audited",
            description = "JSON follows /schemas/access-export.v1.json or /schemas/portability-export.v1.json. CSV is one "
                    + "long-format table: table,record,field,value.")
    @APIResponse(responseCode = "200", description = "The document", content = @Content(mediaType = "text/csv",
            examples = @ExampleObject(name = "portability, csv", value = Examples.EXPORT_CSV)))
    @APIResponse(responseCode = "404", description = "No such request, not the caller's, or unknown link token")
    @APIResponse(responseCode = "409", description = "The export is still being assembled")
    @APIResponse(responseCode = "410", description = "The link expired; ask for a new one")
    public Response download(@PathParam("id") UUID id, @QueryParam("format") String format, @QueryParam("token") String token) {
        String chosen = ExportFormats.format(format);
        ExportJob job = job(id);
        ExportLinks.Download document = QuarkusTransaction.joiningExisting().call(() -> {
            ExportLinks.Download download = links.download(id, token, chosen, caller.getPrincipal().getName());
            journal.record(Access.read(DataCategory.EXPORT_DOCUMENT).subject(job.subjectId).request(id));
            return download;
        });
        return ExportFormats.response(document, chosen, page);
    }

    private ExportJob job(UUID id) {
        boolean officer = caller.hasRole(Roles.PRIVACY_OFFICER);
        DataSubjectRequest.<DataSubjectRequest>findByIdOptional(id)
                .filter(r -> officer || r.subjectId.equals(caller.getPrincipal().getName()))
                .orElseThrow(() -> Problems.notFound("No request " + id + "."));
        return jobs.job(id).orElseThrow(() -> Problems.notFound("Request " + id
                + " has no export (only an approved ACCESS or PORTABILITY request has one)."));
    }
}
