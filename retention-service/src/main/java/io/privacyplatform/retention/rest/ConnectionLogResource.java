package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.service.ConnectionLogService;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/connection-logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Connection logs")
@SecurityRequirement(name = "bearer")
public class ConnectionLogResource {

    private final ConnectionLogService logs;

    ConnectionLogResource(ConnectionLogService logs) {
        this.logs = logs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.CONNECTION_LOG_RECORDER)
    @Operation(summary = "Ingest a batch of connections (IP addresses, policy section 8)",
            description = "The addresses are stored encrypted and purged one year after each connection. All or nothing: "
                    + "a bad address or time rejects the batch (422) naming each entry by index.")
    public Response ingest(@Valid @NotNull IngestConnectionLogs body) {
        int stored = logs.ingest(body.entries().stream()
                .map(e -> new ConnectionLogService.Entry(e.subjectId(), e.ip(), e.at(), e.kind())).toList());
        return Response.status(Response.Status.CREATED).entity(new Stored(stored)).build();
    }

    public record Stored(int stored) {
    }
}
