package io.privacyplatform.partnersync.rest;

import io.privacyplatform.partnersync.PartnerTask;
import io.privacyplatform.partnersync.ResolutionCategory;
import io.privacyplatform.partnersync.TaskKind;
import io.privacyplatform.partnersync.TaskState;
import io.privacyplatform.partnersync.client.PartnerConnectors;
import io.privacyplatform.partnersync.service.TaskOperations;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/** Operations on partner tasks: the queue, the dead letters, manual retries and resolutions. */
@Path("/tasks")
@Tag(name = "Partner tasks", description = "Erasure and unsubscribe tasks at Stripe, HubSpot and OpenAI: states, "
        + "partner errors, manual retry and resolution")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.PRIVACY_OFFICER})
public class TaskResource {

    static final int MAX_PAGE_SIZE = 200;

    private final TaskOperations operations;
    private final SecurityIdentity identity;
    private final PartnerConnectors partners;
    private final AccessJournal journal;

    TaskResource(TaskOperations operations, SecurityIdentity identity, PartnerConnectors partners, AccessJournal journal) {
        this.operations = operations;
        this.identity = identity;
        this.partners = partners;
        this.journal = journal;
    }

    @GET
    @Operation(summary = "List tasks, newest first, optionally by state, partner and kind (paged)")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "Unknown state, partner or kind, or a page out of range")
    public TaskPageView list(@QueryParam("state") String state, @QueryParam("partner") String partner,
                             @QueryParam("kind") String kind,
                             @QueryParam("page") @DefaultValue("0") int page,
                             @QueryParam("size") @DefaultValue("50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw Problems.badRequest("page must be 0 or more and size between 1 and " + MAX_PAGE_SIZE + ".");
        }
        if (partner != null && !partner.isBlank() && !partners.serves(partner)) {
            throw Problems.badRequest("Unknown partner; allowed: " + String.join(", ", partners.names()) + ".");
        }
        TaskOperations.TaskPage found = operations.list(parse(TaskState.class, "state", state),
                partner == null || partner.isBlank() ? null : partner, parse(TaskKind.class, "kind", kind), page, size);
        return new TaskPageView(found.tasks().stream().map(TaskView::of).toList(), page, size, found.total());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One task: state, attempts, timestamps, the partner's last error and the evidence")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "404", description = "No such task")
    public TaskView get(@PathParam("id") UUID id) {
        return TaskView.of(operations.get(id));
    }

    @POST
    @Path("/{id}/retry")
    @Operation(summary = "Put a DEAD task back in the queue, due now, with a fresh retry budget",
            description = "For a task of an order (erasure, rectification, restriction), a new erasure-confirmed or "
                    + "order-confirmed with the updated outcome is published once every task of its order and partner is "
                    + "finished again.")
    @APIResponse(responseCode = "200", description = "The task, PENDING")
    @APIResponse(responseCode = "404", description = "No such task")
    @APIResponse(responseCode = "409", description = "The task is not DEAD")
    public TaskView retry(@PathParam("id") UUID id) {
        return TaskView.of(decided("retry", () -> operations.retry(id, operator())));
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a DEAD task as handled manually, with a note",
            description = "The note (at most 500 characters) and the caller's identity (token subject) are kept as "
                    + "evidence and, for a task of an order, published in a new erasure-confirmed or order-confirmed: the "
                    + "note must NOT contain personal data (no email address, name or phone number); notes with an "
                    + "email address are refused. An erasure's task (ERASE, REDACT, LOOKUP) is a privacy officer's to "
                    + "resolve, with a `category` and optionally an `evidenceReference`: the person's receipt then says "
                    + "\"resolved by hand\" with the category (erasure-confirmed `resolvedByHand`).")
    @APIResponse(responseCode = "200", description = "The task, RESOLVED_MANUALLY")
    @APIResponse(responseCode = "400", description = "Missing, blank or too long note, or a note with an email address; an "
            + "erasure's task without a category, an unknown category")
    @APIResponse(responseCode = "403", description = "An erasure's task resolved by someone who is not a privacy officer")
    @APIResponse(responseCode = "404", description = "No such task")
    @APIResponse(responseCode = "409", description = "The task is not DEAD")
    public TaskView resolve(@PathParam("id") UUID id, @NotNull @Valid TaskResolution body) {
        ResolutionCategory category = body.category() == null || body.category().isBlank() ? null
                : ResolutionCategory.ofCode(body.category().strip()).orElseThrow(() -> Problems.invalid("category",
                "must be one of " + ResolutionCategory.codes(), "Unknown category of a manual resolution."));
        String reference = body.evidenceReference() == null || body.evidenceReference().isBlank() ? null : body.evidenceReference().strip();
        return TaskView.of(decided("resolve", () -> operations.resolve(id,
                new TaskOperations.Resolution(body.note().strip(), category, reference), operator(),
                identity.hasRole(Roles.PRIVACY_OFFICER))));
    }

    /** A decision on a task and its access journal entry, in one transaction. */
    private PartnerTask decided(String what, java.util.function.Supplier<PartnerTask> decision) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            PartnerTask task = decision.get();
            journal.record(Access.decision(what, DataCategory.DECISION, DataCategory.PARTNER_TASK).subject(task.subjectId));
            return task;
        });
    }

    private String operator() {
        return identity.getPrincipal().getName();
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("Unknown " + name + "; allowed: "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", ")) + ".");
        }
    }
}
