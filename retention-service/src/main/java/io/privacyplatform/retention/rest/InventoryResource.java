package io.privacyplatform.retention.rest;

import io.privacyplatform.support.subject.SubjectIds;

import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.retention.Purpose;
import io.privacyplatform.retention.service.InventoryService;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

@Path("/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
@SecurityRequirement(name = "bearer")
public class InventoryResource {

    private final InventoryService inventory;

    InventoryResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PLATFORM)
    @Operation(summary = "Register or update what is held for a subject and purpose",
            description = "201 when the entry is new, 200 when it was updated. Categories replace the previous ones; "
                    + "collectedAt only moves back, lastActivityAt only forward.")
    public Response register(@Valid @NotNull RegisterInventory body) {
        Purpose purpose = Purpose.fromCode(body.purpose()).orElseThrow(() -> new ProblemException(400,
                "Invalid request", "Unsupported purpose; allowed: " + Purpose.codes() + ".",
                List.of(new Problem.FieldError("purpose", "must be one of " + Purpose.codes()))));
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        for (String code : body.dataCategories()) {
            categories.add(DataCategory.fromCode(code).orElseThrow(() -> new ProblemException(400,
                    "Invalid request", "Unsupported data category; allowed: " + DataCategory.codes() + ".",
                    List.of(new Problem.FieldError("dataCategories", "each must be one of " + DataCategory.codes())))));
        }
        InventoryService.Registration registration = inventory.register(body.subjectId(), purpose, categories,
                body.collectedAt(), body.lastActivityAt());
        return Response.status(registration.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(InventoryEntryView.of(registration.entry())).build();
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Everything the inventory lists for one subject (privacy officer)")
    public SubjectInventoryView list(@QueryParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        return new SubjectInventoryView(subject, inventory.ofSubject(subject).stream().map(InventoryEntryView::of).toList());
    }
}
