package io.privacyplatform.request.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.contracts.request.RequestChannel;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.service.RequestService;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Path("/requests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data-subject requests")
@SecurityRequirement(name = "bearer")
public class RequestResource {

    private final RequestService requests;
    private final SecurityIdentity caller;
    private final ObjectMapper objectMapper;

    RequestResource(RequestService requests, SecurityIdentity caller, ObjectMapper objectMapper) {
        this.requests = requests;
        this.caller = caller;
        this.objectMapper = objectMapper;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.DATA_SUBJECT)
    @Operation(summary = "File a request for the authenticated subject",
            description = "The subject id is the token's sub. An open request of the same type answers 409.")
    public Response file(@Valid @NotNull FileRequest body, UriInfo uri) {
        String subjectId = caller.getPrincipal().getName();
        DataSubjectRequest request = requests.file(subjectId, body.type(), RequestChannel.PLATFORM, subjectId);
        return Response.created(uri.getAbsolutePathBuilder().path(request.id.toString()).build())
                .entity(RequestView.of(request)).build();
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "List requests, optionally by status (privacy officer)")
    public List<RequestView> list(@QueryParam("status") RequestStatus status) {
        return requests.list(status).stream().map(RequestView::of).toList();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "One request with its audit trail (a subject sees only their own)")
    public RequestView get(@PathParam("id") UUID id) {
        return RequestView.of(visible(id));
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Approve a filed erasure request: the erasure order goes to every system")
    public RequestView approve(@PathParam("id") UUID id) {
        return RequestView.of(requests.approve(id, caller.getPrincipal().getName()));
    }

    @GET
    @Path("{id}/receipt")
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Erasure receipt: each system's outcome, evidence, retained data and notices")
    public ReceiptView receipt(@PathParam("id") UUID id) {
        DataSubjectRequest request = visible(id);
        if (request.erasureOrderId == null) {
            throw ProblemException.conflict("Request " + id + " has not been approved yet: there is no receipt.");
        }
        List<ReceiptView.SystemOutcome> systems = ErasureConfirmation.ofOrder(request.erasureOrderId).stream()
                .map(c -> new ReceiptView.SystemOutcome(c.key.system(), c.outcome, c.confirmedAt,
                        read(c.evidence, new TypeReference<List<Evidence>>() { }),
                        read(c.retained, new TypeReference<List<Exemption>>() { }),
                        read(c.notices, new TypeReference<List<String>>() { })))
                .toList();
        Set<String> answered = systems.stream().map(ReceiptView.SystemOutcome::system).collect(Collectors.toSet());
        List<String> awaiting = request.expectedSystemList().stream().filter(s -> !answered.contains(s)).toList();
        return new ReceiptView(request.id, request.erasureOrderId, request.status, request.filedAt, request.closedAt,
                systems, awaiting);
    }

    /** A subject asking for someone else's request gets the same 404 as for one that does not exist. */
    private DataSubjectRequest visible(UUID id) {
        DataSubjectRequest request = requests.get(id);
        if (!caller.hasRole(Roles.PRIVACY_OFFICER) && !request.subjectId.equals(caller.getPrincipal().getName())) {
            throw ProblemException.notFound("No request " + id + ".");
        }
        return request;
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
