package io.privacyplatform.support.problem;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Turns every failure of a REST call into an RFC 9457 problem+json answer: 4xx with a message that says
 * what to fix, and for the unexpected a 500 that carries only a reference to the log line, never a stack
 * trace. Needs {@code quarkus.http.auth.proactive=false} so that authentication failures reach here.
 */
public class ProblemMappers {

    private final ObjectMapper objectMapper;

    ProblemMappers(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), uri, e.errors());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "Forbidden", "Your token does not carry a role allowed to do this.", uri, List.of());
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v.getPropertyPath().toString()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(400, "Invalid request", "The request has invalid fields; see errors.", uri, errors);
    }

    /** More specific than Quarkus' own mapper for this type, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
            String allowed = Arrays.stream(invalid.getTargetType().getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
            return respond(400, "Invalid request", "Unsupported value; allowed: " + allowed + ".", uri,
                    List.of(new Problem.FieldError(path(invalid), "must be one of " + allowed)));
        }
        if (e instanceof InvalidTypeIdException invalidType && invalidType.getBaseType() != null) {
            return unknownSubtype(invalidType, uri);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return respond(400, "Invalid request", "Unknown field '" + unknown.getPropertyName() + "'.", uri,
                    List.of(new Problem.FieldError(path(unknown), "unknown field")));
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            return respond(400, "Invalid request", "A field has the wrong type.", uri,
                    List.of(new Problem.FieldError(path(mismatched), "wrong type")));
        }
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return respond(400, "Malformed JSON", "The request body is not valid JSON" + where + ".", uri, List.of());
    }

    /**
     * A polymorphic body ({@code @JsonTypeInfo} + {@code @JsonSubTypes}) with a missing or unknown type id: names
     * the type property and the allowed ids, never the value sent.
     */
    private Response unknownSubtype(InvalidTypeIdException e, UriInfo uri) {
        Class<?> base = e.getBaseType().getRawClass();
        JsonTypeInfo info = base.getAnnotation(JsonTypeInfo.class);
        String property = info == null ? "type"
                : info.property().isEmpty() ? info.use().getDefaultPropertyName() : info.property();
        JsonSubTypes subTypes = base.getAnnotation(JsonSubTypes.class);
        String allowed = subTypes == null ? "" : Arrays.stream(subTypes.value())
                .map(t -> t.name().isEmpty() ? t.value().getSimpleName() : t.name())
                .collect(Collectors.joining(", "));
        String at = path(e);
        String field = at.isEmpty() ? property : at + "." + property;
        String rule = (e.getTypeId() == null ? "is required; " : "") + "must be one of " + allowed;
        return respond(400, "Invalid request", (e.getTypeId() == null ? "Missing '" : "Unsupported '") + field
                + "'; allowed: " + allowed + ".", uri, List.of(new Problem.FieldError(field, rule)));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadableJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        Response.StatusType type = e.getResponse().getStatusInfo();
        String detail = switch (status) {
            case 400 -> "The request could not be read.";
            case 401 -> "A valid bearer token is required.";
            case 404 -> "There is no resource at this address.";
            case 405 -> "This method is not allowed here.";
            case 406 -> "The requested media type cannot be produced.";
            case 415 -> "Send the body as application/json.";
            default -> type.getReasonPhrase();
        };
        return respond(status, type.getReasonPhrase(), detail, uri, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isInvalidValueForTheDatabase(e)) {
            // SQL state class 22 (data exception): the value itself cannot be stored or compared, e.g. a NUL character
            // in a text parameter or a number out of range. The request is at fault, and nothing was written.
            return respond(400, "Bad Request", "A value of the request cannot be stored or compared (for example a NUL "
                    + "character, or a number out of range).", uri, List.of());
        }
        if (isUndecodableAddressOrForm(e)) {
            return respond(400, "Bad Request", "The request's address or form has an invalid percent-encoding.", uri, List.of());
        }
        String reference = UUID.randomUUID().toString();
        Log.errorf("Unexpected failure, reference %s: %s", reference, SafeLog.describe(e));
        return respond(500, "Internal error",
                "The request could not be completed. Quote reference " + reference + " to the operators.", uri, List.of());
    }

    private static boolean isInvalidValueForTheDatabase(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    /** RESTEasy Reactive's URL decoding of a path, query or form value with a broken %-escape. */
    private static boolean isUndecodableAddressOrForm(Throwable e) {
        StackTraceElement[] frames = e.getStackTrace();
        return e instanceof IllegalArgumentException && frames.length > 0
                && frames[0].getClassName().equals("org.jboss.resteasy.reactive.common.util.URLUtils");
    }

    private Response unauthorized(UriInfo uri) {
        Response response = respond(401, "Unauthorized", "A valid bearer token is required.", uri, List.of());
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private Response respond(int status, String title, String detail, UriInfo uri, List<Problem.FieldError> errors) {
        Problem problem = new Problem(URI.create("about:blank"), title, status, detail,
                uri == null ? null : uri.getPath(), errors);
        try {
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(objectMapper.writeValueAsString(problem)).build();
        } catch (JsonProcessingException impossible) {
            return Response.status(status).type(Problem.MEDIA_TYPE).build();
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /**
     * "file.body.type" (method, parameter, field) and "list.subjectId" (method, query parameter) become
     * "type" and "subjectId": callers know their fields, not our method names. An element of a list
     * ("file.body.purposes[0].<list element>") is named by its list and index: "purposes[0]".
     */
    private static String fieldOf(String propertyPath) {
        String[] parts = propertyPath.split("\\.");
        int last = parts.length - 1;
        while (last > 0 && parts[last].startsWith("<")) {
            last--;
        }
        return parts[last];
    }
}
