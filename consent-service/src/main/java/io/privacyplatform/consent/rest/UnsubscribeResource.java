package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.consent.service.Notices;
import io.privacyplatform.consent.service.UnsubscribeLinks;
import io.privacyplatform.support.problem.Problems;
import jakarta.annotation.security.PermitAll;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The one-click unsubscribe endpoint of RFC 8058, without login and without cookies (policy §7): a POST with
 * {@code List-Unsubscribe=One-Click} withdraws; a GET only shows a confirmation page whose button sends that
 * POST, so a link scanner that follows links never unsubscribes anyone.
 */
@Path("/unsubscribe/{token}")
@Tag(name = "Unsubscribe links")
@PermitAll
public class UnsubscribeResource {

    private static final String ONE_CLICK = "One-Click";

    private final UnsubscribeLinks links;
    private final Notices notices;
    private final ConsentConfig config;

    UnsubscribeResource(UnsubscribeLinks links, Notices notices, ConsentConfig config) {
        this.links = links;
        this.notices = notices;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Transactional
    @Operation(summary = "Confirmation page of an unsubscribe link (changes nothing)")
    public Response page(@PathParam("token") String token) {
        UnsubscribeLinks.Verified verified = links.check(token);
        UnsubscribeLinks.Link link = verified.link();
        String title = title(link.purpose());
        String body = verified.spent()
                ? "<p>Votre désinscription de « " + title + " » a été enregistrée le "
                        + LocalDate.ofInstant(link.usedAt(), ZoneOffset.UTC) + ". Vous ne recevrez plus ces emails.</p>"
                : "<p>Vous ne souhaitez plus recevoir « " + title + " » ? Confirmez ci-dessous : aucun compte ni motif"
                        + " n'est demandé.</p>\n<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\""
                        + " value=\"One-Click\"><button type=\"submit\">Me désinscrire</button></form>";
        return html(200, "Désinscription", body);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    @Operation(summary = "One-click unsubscribe (RFC 8058): body List-Unsubscribe=One-Click",
            description = "Withdraws the link's purpose and spends the link: 200 (an HTML page); a second use is a 409.")
    public Response unsubscribe(@PathParam("token") String token, @FormParam("List-Unsubscribe") String value) {
        if (!ONE_CLICK.equals(value)) {
            throw Problems.invalid("List-Unsubscribe", "must be One-Click",
                    "An RFC 8058 one-click POST carries List-Unsubscribe=One-Click.");
        }
        UnsubscribeLinks.Link link = links.unsubscribe(token);
        return html(200, "Désinscription enregistrée", "<p>Votre désinscription de « " + title(link.purpose())
                + " » est enregistrée. CCSIT cesse de vous envoyer ces emails.</p>");
    }

    private String title(ConsentPurpose purpose) {
        return notices.of(purpose, config.policyVersion()).map(Notices.Notice::title).orElse(purpose.code());
    }

    private static Response html(int status, String title, String body) {
        // Titles come from the notice catalogue (a migration), never from the request: nothing to escape.
        String page = "<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
                + "<title>" + title + "</title></head>\n<body><h1>" + title + "</h1>\n" + body + "\n</body></html>\n";
        return Response.status(status).type(MediaType.TEXT_HTML + ";charset=utf-8").entity(page)
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer").build();
    }
}
