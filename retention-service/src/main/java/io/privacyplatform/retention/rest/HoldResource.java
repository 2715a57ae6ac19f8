package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.LegalHold;
import io.privacyplatform.retention.service.HoldService;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

@Path("/holds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Legal holds")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class HoldResource {

    private final HoldService holds;
    private final SecurityIdentity identity;
    private final Clock clock;
    private final AccessJournal journal;

    HoldResource(HoldService holds, SecurityIdentity identity, Clock clock, AccessJournal journal) {
        this.holds = holds;
        this.identity = identity;
        this.clock = clock;
        this.journal = journal;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Place a legal hold on a subject (every purpose or some)",
            description = "Blocks the subject's expiry erasure while active; an erasure order keeps what it covers. "
                    + "409 when an active hold of the subject already covers one of its purposes.")
    public Response place(@Valid @NotNull PlaceHold body) {
        LegalHold hold = decided("place-hold", () -> holds.place(body.subjectId(), Boolean.TRUE.equals(body.allPurposes()),
                body.purposes(), body.reason(), body.until(), identity.getPrincipal().getName()));
        return Response.status(Response.Status.CREATED).entity(HoldView.of(hold, clock.instant())).build();
    }

    @POST
    @Path("/{id}/lift")
    @Operation(summary = "Lift a legal hold; the next sweep evaluates the subject again")
    public HoldView lift(@PathParam("id") UUID id) {
        return HoldView.of(decided("lift-hold", () -> holds.lift(id, identity.getPrincipal().getName())), clock.instant());
    }

    @GET
    @Operation(summary = "A subject's legal holds, ended ones included")
    public List<HoldView> list(@QueryParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        List<HoldView> read = holds.ofSubject(subject).stream().map(h -> HoldView.of(h, clock.instant())).toList();
        journal.record(Access.read(DataCategory.LEGAL_HOLDS).subject(subject));
        return read;
    }

    /** A decision on a hold and its access journal entry, in one transaction. */
    private LegalHold decided(String what, java.util.function.Supplier<LegalHold> decision) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            LegalHold hold = decision.get();
            journal.record(Access.decision(what, DataCategory.DECISION, DataCategory.LEGAL_HOLDS).subject(hold.subjectId));
            return hold;
        });
    }
}
