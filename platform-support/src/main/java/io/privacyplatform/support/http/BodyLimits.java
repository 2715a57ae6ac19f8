package io.privacyplatform.support.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.support.problem.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Body size limits per endpoint, before anything reads the body: {@code platform.http.body-limits."<path prefix>"=<size>}
 * (e.g. {@code "/requests/by-email"=16K}; the longest matching prefix wins), and for every other path the global
 * {@code quarkus.http.limits.max-body-size} (which must be the largest: Quarkus holds every body to it). A larger
 * {@code Content-Length} is answered 413 problem+json at once and nothing is read or stored; a body of unknown length
 * (chunked) is refused 411 where the path's limit is below the global one, and held to the global one elsewhere by
 * Quarkus itself. {@code "/"} sets the limit of every path without a longer prefix.
 */
@ApplicationScoped
public class BodyLimits {

    static final String PREFIX = "platform.http.body-limits.";
    /** Before authentication and routing: a refused body costs nothing. */
    private static final int PRIORITY = 1000;

    private final Map<String, Long> limits;
    private final long global;
    private final ObjectMapper json;

    @Inject
    BodyLimits(Config config, ObjectMapper json) {
        this(limits(config), config.getOptionalValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .map(MemorySize::asLongValue).orElse(10L * 1024 * 1024), json);
    }

    BodyLimits(Map<String, Long> limits, long global, ObjectMapper json) {
        Map<String, Long> longestFirst = new LinkedHashMap<>();
        limits.entrySet().stream().sorted(Comparator.comparingInt((Map.Entry<String, Long> e) -> e.getKey().length()).reversed())
                .forEach(e -> longestFirst.put(e.getKey(), e.getValue()));
        this.limits = longestFirst;
        this.global = global;
        this.json = json;
    }

    private static Map<String, Long> limits(Config config) {
        Map<String, Long> limits = new LinkedHashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(PREFIX)) {
                String path = name.substring(PREFIX.length()).replace("\"", "");
                limits.put(path, config.getValue(name, MemorySize.class).asLongValue());
            }
        }
        return limits;
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    /** The limit of a path: its longest configured prefix's, else the global one. */
    Optional<Long> ownLimit(String path) {
        return limits.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
    }

    void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.method() == HttpMethod.GET || request.method() == HttpMethod.HEAD || request.method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        String path = Optional.ofNullable(request.path()).orElse("/");
        Optional<Long> own = ownLimit(path);
        long limit = own.orElse(global);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                context.next(); // Vert.x answers a malformed length itself
                return;
            }
            if (declared > limit) {
                refuse(context, 413, "Payload Too Large", "The body is larger than this endpoint accepts ("
                        + limit + " bytes at most).");
                return;
            }
        } else if (limit < global && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            refuse(context, 411, "Length Required", "This endpoint needs a Content-Length (at most " + limit + " bytes).");
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, int status, String title, String detail) {
        Problem problem = new Problem(URI.create("about:blank"), title, status, detail, context.request().path(), List.of());
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "";
        }
        // The body is discarded as it comes (a client writes it whole before reading the answer), up to twice the
        // global limit; past that the connection is closed.
        HttpServerRequest request = context.request();
        long drainAtMost = 2 * global;
        long[] discarded = {0};
        request.handler(buffer -> {
            discarded[0] += buffer.length();
            if (discarded[0] > drainAtMost) {
                request.connection().close();
            }
        });
        request.resume();
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }
}
