package io.privacyplatform.request.rest;

import io.privacyplatform.request.config.ConsoleConfig;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The runtime settings of the privacy officer's console (the static page under {@code /console/}): which issuer and
 * client it signs in with and where partner-sync-service is. Public: nothing in it is secret. Also sets the console's
 * Content-Security-Policy: its own scripts and styles only, and connections to itself, the issuer and partner-sync.
 */
@Path("/console/config")
@PermitAll
@Tag(name = "Console")
public class ConsoleConfigResource {

    /** What the page reads before signing in. */
    public record ConsoleSettings(String issuerUrl, String clientId, String partnerSyncUrl) {
    }

    static final String EXAMPLE = """
            {"issuerUrl":"http://127.0.0.1:8180/realms/privacy","clientId":"privacy-console","partnerSyncUrl":"http://127.0.0.1:8084"}""";

    private final ConsoleSettings settings;
    private final String contentSecurityPolicy;

    ConsoleConfigResource(ConsoleConfig config,
                          @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> serviceIssuer) {
        this.settings = settings(config, serviceIssuer);
        this.contentSecurityPolicy = contentSecurityPolicy(settings);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The console's settings (no token): issuer URL, client id, partner-sync-service's address")
    @APIResponse(responseCode = "200", description = "The settings", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "local run", value = EXAMPLE)))
    public ConsoleSettings get() {
        return settings;
    }

    public static ConsoleSettings settings(ConsoleConfig config, Optional<String> serviceIssuer) {
        String issuer = config.issuerUrl().or(() -> serviceIssuer).map(ConsoleConfigResource::withoutTrailingSlash).orElse(null);
        return new ConsoleSettings(issuer, config.clientId(),
                config.partnerSyncUrl().map(ConsoleConfigResource::withoutTrailingSlash).orElse(null));
    }

    /** The page's policy: nothing inline, nothing from elsewhere; it only talks to these origins. */
    public static String contentSecurityPolicy(ConsoleSettings settings) {
        Set<String> connect = new LinkedHashSet<>();
        connect.add("'self'");
        for (String url : new String[]{settings.issuerUrl(), settings.partnerSyncUrl()}) {
            if (url != null) {
                URI uri = URI.create(url);
                connect.add(uri.getScheme() + "://" + uri.getAuthority());
            }
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + String.join(" ", connect) + "; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    }

    /** Every answer under {@code /console/} (the static page included) carries the policy. */
    void headers(@Observes Filters filters) {
        filters.register(context -> {
            if (context.normalizedPath().startsWith("/console")) {
                context.response().putHeader("Content-Security-Policy", contentSecurityPolicy);
                context.response().putHeader("X-Content-Type-Options", "nosniff");
                context.response().putHeader("Referrer-Policy", "no-referrer");
            }
            context.next();
        }, 10);
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
