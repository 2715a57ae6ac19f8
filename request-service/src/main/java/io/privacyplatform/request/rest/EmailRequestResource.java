package io.privacyplatform.request.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.EmailFiling;
import io.privacyplatform.request.Language;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.EmailChannel;
import io.privacyplatform.request.service.RequestFiling;
import io.privacyplatform.request.service.RateLimiter;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The email channel: people without an account file with an email address and prove they hold it with a
 * one-time code. No token. Every address gets the same 202; flooding is limited per address and per client IP.
 */
@Path("/requests/by-email")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data-subject requests by email")
@PermitAll
public class EmailRequestResource {

    private static final String JSON = MediaType.APPLICATION_JSON;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s.]+$");
    private static final int EMAIL_MAX = 254;

    private final EmailChannel channel;
    private final RateLimiter limiter;
    private final RequestViews views;
    private final ObjectMapper objectMapper;
    private final Validator validator;
    private final RequestsConfig config;

    EmailRequestResource(EmailChannel channel, RateLimiter limiter, RequestViews views, ObjectMapper objectMapper,
                         Validator validator, RequestsConfig config) {
        this.channel = channel;
        this.limiter = limiter;
        this.views = views;
        this.objectMapper = objectMapper;
        this.validator = validator;
        this.config = config;
    }

    /** The answer to a filing by email: the same for every address, and without the code. */
    public record Accepted(UUID id, EmailFiling.Status status, Instant expiresAt) {
    }

    /** The code received by email. */
    public record Verify(@NotBlank @Size(max = 32) String code) {
    }

    /** A call over the limit of its window. */
    static final class RateLimited extends RuntimeException {
        final Duration retryAfter;
        final String field;

        RateLimited(Duration retryAfter, String field) {
            super(null, null, false, false);
            this.retryAfter = retryAfter;
            this.field = field;
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "File a request with an email address (no account)",
            description = "The body is a request body of any type but HEIR (see POST /requests) plus `email`. The request "
                    + "waits in AWAITING_VERIFICATION and a one-time code is mailed to the address; POST "
                    + "/requests/by-email/{id}/verify with the code files it (FILED, channel EMAIL, subject id = em_ + HMAC "
                    + "of the normalized address) and only then publishes request-filed. The answer is the same 202 for "
                    + "every address. Optional `language` (fr, the default, or en) of the mails about the request. The "
                    + "address is stored encrypted: on the filing until the code is verified, then on the request for its "
                    + "mails, until it is closed and they are sent. Limits: requests.email-rate-limit.per-email filings per "
                    + "address and per-ip calls per client IP in each window.")
    @RequestBody(content = @Content(mediaType = JSON, examples = {
            @ExampleObject(name = "erasure", value = "{\"email\":\"camille@example.fr\",\"type\":\"ERASURE\"}"),
            @ExampleObject(name = "access", value = "{\"email\":\"camille@example.fr\",\"type\":\"ACCESS\"}")}))
    @APIResponse(responseCode = "202", description = "Code sent (whatever the address)", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = Accepted.class), examples = @ExampleObject(name = "awaiting verification",
            value = "{\"id\":\"5b6f0b7e-2f63-4d39-9a44-2b7c0d1e9f10\",\"status\":\"AWAITING_VERIFICATION\",\"expiresAt\":\"2026-03-02T10:15:00Z\"}")))
    @APIResponse(responseCode = "400", description = "Malformed email, unknown type, invalid body: `errors` names the field and rule")
    @APIResponse(responseCode = "422", description = "HEIR (filed by the privacy officer only); PORTABILITY with `transmitTo` "
            + "(direct transmission to another controller is not available yet)")
    @APIResponse(responseCode = "429", description = "Too many filings for this address or from this IP; Retry-After in seconds")
    public Response file(ObjectNode body, @Context HttpServerRequest http, @Context UriInfo uri) throws JsonProcessingException {
        limitIp(http);
        if (body == null) {
            throw Problems.invalid("A body is required.", List.of(new Problem.FieldError("email", "is required")));
        }
        String email = email(body.remove("email"));
        Language language = language(body.remove("language"));
        FileRequest request = objectMapper.treeToValue(body, FileRequest.class);
        if (request == null) {
            throw Problems.invalid("A body is required.", List.of(new Problem.FieldError("type", "is required")));
        }
        Set<ConstraintViolation<FileRequest>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        List<Problem.FieldError> errors = request.violations();
        if (!errors.isEmpty()) {
            throw Problems.invalidFields(errors);
        }
        if (request.type() == io.privacyplatform.contracts.request.RequestType.HEIR) {
            throw Problems.unprocessable("HEIR requests are filed by the privacy officer.",
                    List.of(new Problem.FieldError("type", "HEIR is filed by the privacy officer")));
        }
        RequestFiling.refuseUnavailable(request.toDetails());
        limit("email:" + channel.subjectOf(email), config.emailRateLimit().perEmail(), "email");
        EmailFiling filing = channel.open(email, request.toDetails(), language);
        return Response.accepted(new Accepted(filing.id, filing.status, filing.expiresAt))
                .location(uri.getAbsolutePathBuilder().path(filing.id.toString()).path("verify").build()).build();
    }

    @POST
    @Path("{id}/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prove the address with the code received by email; the request is filed",
            description = "Right code, in time: the request becomes FILED (channel EMAIL), request-filed is published, "
                    + "and the answer is the request. Wrong code: 422 with the attempts left "
                    + "(requests.email-verification.max-attempts); the last wrong attempt closes the filing as "
                    + "UNVERIFIED and answers 429, as does every later attempt. Expired (requests.email-verification.code-ttl): 410.")
    @RequestBody(content = @Content(mediaType = JSON, schema = @Schema(implementation = Verify.class),
            examples = @ExampleObject(name = "code", value = "{\"code\":\"042917\"}")))
    @APIResponse(responseCode = "200", description = "Filed", content = @Content(mediaType = JSON,
            schema = @Schema(implementation = RequestView.class), examples = @ExampleObject(name = "filed", value = Examples.VIEW)))
    @APIResponse(responseCode = "400", description = "Missing or oversized code")
    @APIResponse(responseCode = "404", description = "No such filing")
    @APIResponse(responseCode = "409", description = "Already verified")
    @APIResponse(responseCode = "410", description = "The code expired")
    @APIResponse(responseCode = "422", description = "Wrong code; `errors` gives the attempts left")
    @APIResponse(responseCode = "429", description = "Attempts exhausted (the filing is closed), or too many calls from this IP (Retry-After)")
    public Response verify(@PathParam("id") String id, @Valid @NotNull Verify body, @Context HttpServerRequest http,
                           @Context UriInfo uri) {
        limitIp(http);
        UUID filingId;
        try {
            filingId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound("No email filing " + id + ".");
        }
        DataSubjectRequest request = channel.verify(filingId, body.code());
        return Response.ok(views.of(request, false))
                .contentLocation(uri.getBaseUriBuilder().path("requests").path(request.id.toString()).build()).build();
    }

    @ServerExceptionMapper
    public Response rateLimited(RateLimited e, UriInfo uri) throws JsonProcessingException {
        long seconds = Math.max(1, (e.retryAfter.toMillis() + 999) / 1000);
        Problem problem = new Problem(URI.create("about:blank"), "Too many requests", 429,
                "Too many calls; retry after " + seconds + " seconds.", uri.getPath(),
                List.of(new Problem.FieldError(e.field, "rate limit of the email channel reached")));
        return Response.status(429).type(Problem.MEDIA_TYPE).header(HttpHeaders.RETRY_AFTER, seconds)
                .entity(objectMapper.writeValueAsString(problem)).build();
    }

    private void limitIp(HttpServerRequest http) {
        // hostAddress is null for an address the forwarded headers gave in brackets (IPv6): the host is the literal.
        SocketAddress remote = http.remoteAddress();
        String ip = remote == null ? "unknown"
                : remote.hostAddress() != null ? remote.hostAddress() : remote.host() != null ? remote.host() : "unknown";
        limit("ip:" + channel.hmac(clientNetwork(ip)), config.emailRateLimit().perIp(), "clientIp");
    }

    /**
     * What one client is, for the per-IP limit: an IPv4 address, or the /64 network of an IPv6 one (a single host is
     * given a whole /64 and picks any address in it, so per address the limit would hold nothing).
     */
    static String clientNetwork(String ip) {
        String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
        byte[] address = literal.indexOf(':') < 0 ? null : NetUtil.createByteArrayFromIpAddressString(literal); // no lookup
        if (address == null || address.length != 16) {
            return ip;
        }
        java.util.Arrays.fill(address, 8, 16, (byte) 0);
        return NetUtil.bytesToIpAddress(address) + "/64";
    }

    private void limit(String bucket, int max, String field) {
        Optional<Duration> retryAfter = limiter.hit(bucket, max, config.emailRateLimit().window());
        if (retryAfter.isPresent()) {
            throw new RateLimited(retryAfter.get(), field);
        }
    }

    /** {@code fr} (the default when absent) or {@code en}; anything else is a 400 naming {@code language}. */
    private static Language language(com.fasterxml.jackson.databind.JsonNode node) {
        if (node == null || node.isNull()) {
            return Language.FR;
        }
        return Language.ofCode(node.isTextual() ? node.asText() : null).orElseThrow(() ->
                Problems.invalidFields(List.of(new Problem.FieldError("language", Filing.LANGUAGE_RULE))));
    }

    private static String email(com.fasterxml.jackson.databind.JsonNode node) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            errors.add(new Problem.FieldError("email", "is required"));
        } else if (!node.isTextual()) {
            errors.add(new Problem.FieldError("email", "wrong type"));
        } else if (node.asText().length() > EMAIL_MAX) {
            errors.add(new Problem.FieldError("email", "size must be at most " + EMAIL_MAX));
        } else if (!EMAIL.matcher(node.asText().strip()).matches()) {
            errors.add(new Problem.FieldError("email", "must be an email address"));
        }
        if (!errors.isEmpty()) {
            throw Problems.invalidFields(errors);
        }
        return node.asText().strip();
    }
}
