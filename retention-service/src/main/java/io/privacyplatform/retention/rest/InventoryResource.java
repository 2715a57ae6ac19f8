package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.service.InventoryImport;
import io.privacyplatform.retention.service.InventoryService;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.Set;

@Path("/inventory")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
@SecurityRequirement(name = "bearer")
public class InventoryResource {

    private final InventoryService inventory;
    private final InventoryImport imports;
    private final RetentionPolicy policy;
    private final SecurityIdentity identity;

    InventoryResource(InventoryService inventory, InventoryImport imports, RetentionPolicy policy, SecurityIdentity identity) {
        this.inventory = inventory;
        this.imports = imports;
        this.policy = policy;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.INVENTORY_RECORDER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Register or update what is held for a subject and purpose",
            description = "201 when the entry is new, 200 when it was updated. Categories replace the previous ones; "
                    + "collectedAt only moves back, lastActivityAt only forward; the expiry is recomputed from the policy. "
                    + "An entry whose retention has already expired is refused (422) unless the privacy officer records it: "
                    + "the next sweep would erase it.")
    public Response register(@Valid @NotNull RegisterInventory body) {
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        for (String code : body.dataCategories()) {
            categories.add(DataCategory.fromCode(code).orElseThrow(() -> Problems.invalid("dataCategories",
                    "each must be one of " + DataCategory.codes(), "Unsupported data category; allowed: " + DataCategory.codes() + ".")));
        }
        InventoryService.Registration registration = inventory.register(new InventoryService.Upsert(body.subjectId(),
                body.purpose(), categories, body.collectedAt(), body.lastActivityAt(), body.contractEndAt(),
                body.offerEndAt(), "api"), identity.hasRole(Roles.PRIVACY_OFFICER));
        return Response.status(registration.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(InventoryEntryView.of(registration.entry(), policy)).build();
    }

    @POST
    @Path("/activity")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.INVENTORY_RECORDER)
    @Operation(summary = "Report a batch of activities and contacts (up to 1000)",
            description = "Moves each entry's last activity forward (creating the entry if needed). All or nothing: "
                    + "an unknown purpose, an impossible time or an entry left already expired rejects the batch with every "
                    + "problem by index.")
    public ActivityReport activity(@Valid @NotNull ReportActivity body) {
        return new ActivityReport(inventory.recordActivity(body.events().stream()
                .map(e -> new InventoryService.Activity(e.subjectId(), e.purpose(), e.at(), e.contractEndAt())).toList()));
    }

    /** Answer of {@code POST /inventory/activity}. */
    public record ActivityReport(int recorded) {
    }

    @POST
    @Path("/import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @RolesAllowed({Roles.INVENTORY_RECORDER, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Bulk import of existing customers (CSV)",
            description = "Header: subjectId,purpose,collectedAt,lastActivityAt,contractEndAt,offerEndAt,dataCategories "
                    + "(the first three required; categories separated by '|'). Valid rows are stored, each malformed row "
                    + "is reported with its line number and reason (never its values). A row already expired refuses the "
                    + "whole file (422, by line) unless the privacy officer imports it.")
    public InventoryImport.Report importCsv(String csv) {
        return imports.load(csv == null ? "" : csv, identity.hasRole(Roles.PRIVACY_OFFICER));
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Everything the inventory lists for one subject (privacy officer)")
    public SubjectInventoryView list(@QueryParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        return new SubjectInventoryView(subject, inventory.ofSubject(subject).stream()
                .map(e -> InventoryEntryView.of(e, policy)).toList());
    }
}
