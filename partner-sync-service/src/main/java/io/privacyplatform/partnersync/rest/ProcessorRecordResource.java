package io.privacyplatform.partnersync.rest;

import io.privacyplatform.partnersync.service.ProcessorRecords;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The ledger of which partner object holds which subject's data. */
@Path("/processor-records")
@Tag(name = "Processor records", description = "Which partner object (Stripe, HubSpot, OpenAI) holds which subject's data")
@Produces(MediaType.APPLICATION_JSON)
public class ProcessorRecordResource {

    private final ProcessorRecords records;

    ProcessorRecordResource(ProcessorRecords records) {
        this.records = records;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PROCESSOR_RECORD_RECORDER)
    @Operation(summary = "Register a partner object holding a subject's data",
            description = "Idempotent: registering the same object for the same subject again answers 200 with the "
                    + "existing record. The same object for another subject is a conflict (409).")
    @APIResponse(responseCode = "201", description = "Registered")
    @APIResponse(responseCode = "200", description = "Already registered for this subject")
    @APIResponse(responseCode = "400", description = "Missing or malformed field")
    @APIResponse(responseCode = "409", description = "The object is registered for another subject")
    @APIResponse(responseCode = "422", description = "Unknown partner or object type, or an id not in the partner's format")
    public Response register(@NotNull @Valid NewProcessorRecord body, UriInfo uri) {
        ProcessorRecords.Registration registration = records.register(body.subjectId(), body.partner(),
                body.objectType(), body.objectId(), body.purpose(), body.createdAt());
        ProcessorRecordView view = ProcessorRecordView.of(registration.record());
        if (!registration.created()) {
            return Response.ok(view).build();
        }
        return Response.created(uri.getAbsolutePathBuilder().path(view.id().toString()).build()).entity(view).build();
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "List a subject's processor records", description = "Including erased ones (erasedAt set).")
    public List<ProcessorRecordView> list(@QueryParam("subjectId") String subjectId) {
        if (subjectId == null || subjectId.isBlank()) {
            throw Problems.badRequest("Query parameter subjectId is required.");
        }
        return records.ofSubject(subjectId).stream().map(ProcessorRecordView::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "One processor record")
    public ProcessorRecordView get(@PathParam("id") UUID id) {
        return ProcessorRecordView.of(records.get(id));
    }
}
