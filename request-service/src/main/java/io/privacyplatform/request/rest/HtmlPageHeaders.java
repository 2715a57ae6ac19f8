package io.privacyplatform.request.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headers of the HTML pages request-service serves (the console has its own): every answer under {@code /status/}
 * (the person's page, its export, its refusals), the HTML export of {@code /requests/{id}/export} and the register's
 * page. A Content-Security-Policy that allows no script, no frame (not even framing them: clickjacking), no form and
 * no other origin, and only the pages' own inline styles (by hash); no referrer, no sniffing. Where a token or
 * personal data is in the address or the page ({@code /status/}, {@code /requests/}), nothing is cached; the person's
 * pages are not indexed. No cookie is ever set (§7).
 */
public class HtmlPageHeaders {

    /** The templates whose inline {@code <style>} the policy allows, by the SHA-256 of its text. */
    private static final List<String> STYLED_TEMPLATES = List.of("templates/status/layout.html", "templates/export.html",
            "templates/register.html");
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src " + styleHashes()
            + "; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        boolean personsPage = path.startsWith("/status/");
        boolean html = response.getMediaType() != null && response.getMediaType().isCompatible(MediaType.TEXT_HTML_TYPE);
        if (!personsPage && !(html && !path.startsWith("/console"))) {
            return;
        }
        var headers = response.getHeaders();
        if (personsPage || path.startsWith("/requests/")) {
            headers.putSingle("Cache-Control", "no-store");
        }
        if (personsPage) {
            headers.putSingle("X-Robots-Tag", "noindex, nofollow");
        }
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.remove("Set-Cookie");
    }

    private static String styleHashes() {
        List<String> hashes = new ArrayList<>();
        for (String template : STYLED_TEMPLATES) {
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(template)) {
                if (in == null) {
                    throw new IllegalStateException("template " + template + " is missing");
                }
                Matcher style = STYLE.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (style.find()) {
                    hashes.add("'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                            .digest(style.group(1).getBytes(StandardCharsets.UTF_8))) + "'");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(" ", hashes);
    }
}
