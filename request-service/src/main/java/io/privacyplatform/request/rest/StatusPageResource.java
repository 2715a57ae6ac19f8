package io.privacyplatform.request.rest;

import io.privacyplatform.policy.Register;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.support.problem.ProblemException;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Locale;

/**
 * The person's status page and export download through a person's link (issue 14, item 2): no account and no bearer
 * token, the signed link stands for them for this one request. A browser always gets an HTML page, refusals included
 * (404 unknown, forged or altered link; 410 expired or revoked; what to do, in French and English); a client that
 * asks for JSON only gets problem+json. {@link HtmlPageHeaders} adds the headers every answer here carries.
 */
@Path("/status/{token}")
@PermitAll
@Tag(name = "The person's status page")
public class StatusPageResource {

    private static final String HTML = MediaType.TEXT_HTML + "; charset=utf-8";

    private final StatusPages pages;
    private final Template page;
    private final Template refused;
    private final Template exportPage;
    private final String contact;

    StatusPageResource(StatusPages pages, @Location("status/page.html") Template page,
                       @Location("status/refused.html") Template refused, @Location("export.html") Template exportPage,
                       Register register) {
        this.pages = pages;
        this.page = page;
        this.refused = refused;
        this.exportPage = exportPage;
        this.contact = register.dataProtectionContact().email();
    }

    @GET
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    @Operation(summary = "The person's status page of one request, through the link of a mail (no token)",
            description = "French by default, English with ?lang=en. Type, status, receipt and due dates, the extension "
                    + "and its reason, the decision (a refusal with its ground, article, the officer's text and the right to "
                    + "complain to the CNIL), an erasure's receipt per system, the notices, and the export's download buttons "
                    + "once it is READY. Every opening is audited (PERSON_LINK_USED).")
    @APIResponse(responseCode = "200", description = "The page", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "page", value = Examples.STATUS_PAGE)))
    @APIResponse(responseCode = "404", description = "Unknown, forged, altered or truncated link: an HTML page saying what "
            + "to do (problem+json when only JSON is accepted)", content = @Content(mediaType = MediaType.TEXT_HTML,
            examples = @ExampleObject(name = "unknown link", value = Examples.STATUS_REFUSED)))
    @APIResponse(responseCode = "410", description = "Expired or revoked link: an HTML page saying what to do")
    public Response page(@PathParam("token") String token, @QueryParam("lang") String lang, HttpHeaders headers) {
        try {
            StatusPage shown = pages.open(token, lang);
            return Response.ok(page.data("page", shown).setLocale(Locale.forLanguageTag(shown.lang())).render(), HTML).build();
        } catch (ProblemException e) {
            return refusal(e, headers);
        }
    }

    @GET
    @Path("export")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML, "text/csv"})
    @Operation(summary = "Download the export of the link's request (json, html or csv; no token)",
            description = "The same documents as GET /requests/{id}/export. Audited twice: PERSON_LINK_USED (which link, "
                    + "which format) and EXPORT_DOWNLOADED. The export-document-expired rule applies: once the document is "
                    + "gone, 410.")
    @APIResponse(responseCode = "200", description = "The document", content = @Content(mediaType = "text/csv",
            examples = @ExampleObject(name = "portability, csv", value = Examples.EXPORT_CSV)))
    @APIResponse(responseCode = "404", description = "Unknown link, or the request has no export")
    @APIResponse(responseCode = "409", description = "The export is still being assembled: an HTML page says to come back later")
    @APIResponse(responseCode = "410", description = "The link expired or was revoked, or the export was deleted")
    public Response export(@PathParam("token") String token, @QueryParam("format") String format, HttpHeaders headers) {
        try {
            String chosen = ExportFormats.format(format);
            return ExportFormats.response(pages.download(token, chosen), chosen, exportPage);
        } catch (ProblemException e) {
            return refusal(e, headers);
        }
    }

    /** A refusal as a page a person can act on; problem+json only for a client that accepts JSON and not HTML. */
    private Response refusal(ProblemException e, HttpHeaders headers) {
        if (wantsJson(headers)) {
            throw e;
        }
        String kind = e instanceof PersonLinks.LinkRefused refusedLink ? refusedLink.refusal().name() : switch (e.status()) {
            case 404 -> "NO_EXPORT";
            case 409 -> "EXPORT_NOT_READY";
            case 410 -> "EXPORT_DELETED";
            default -> "BAD_REQUEST";
        };
        return Response.status(e.status()).entity(refused.data("kind", kind).data("contact", contact).render())
                .type(HTML).build();
    }

    private static boolean wantsJson(HttpHeaders headers) {
        return headers.getAcceptableMediaTypes().stream().noneMatch(type -> type.isCompatible(MediaType.TEXT_HTML_TYPE)
                && !type.isWildcardType())
                && headers.getAcceptableMediaTypes().stream().anyMatch(type -> type.getSubtype().endsWith("json"));
    }
}
