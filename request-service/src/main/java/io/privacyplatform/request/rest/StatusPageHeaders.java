package io.privacyplatform.request.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
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
 * Headers of every answer under {@code /status/} (the person's page, its export, its refusals): the token is in the
 * address, so nothing is cached, sent on as a referrer or indexed; a Content-Security-Policy that allows no script,
 * no frame, no form and no other origin, and only the pages' own inline styles (by hash). No cookie is ever set (§7).
 */
public class StatusPageHeaders {

    /** The templates whose inline {@code <style>} the policy allows, by the SHA-256 of its text. */
    private static final List<String> STYLED_TEMPLATES = List.of("templates/status/layout.html", "templates/export.html");
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src " + styleHashes()
            + "; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (!request.getUriInfo().getPath().startsWith("/status/")) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Cache-Control", "no-store");
        headers.putSingle("Referrer-Policy", "no-referrer");
        headers.putSingle("X-Robots-Tag", "noindex, nofollow");
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
