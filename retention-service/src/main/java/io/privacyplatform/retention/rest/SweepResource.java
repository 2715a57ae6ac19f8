package io.privacyplatform.retention.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.retention.RetentionSweep;
import io.privacyplatform.retention.service.SweepService;
import io.privacyplatform.retention.service.SweepStatements;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sweeps")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
public class SweepResource {

    private final SweepService sweeps;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    SweepResource(SweepService sweeps, SecurityIdentity identity, ObjectMapper json) {
        this.sweeps = sweeps;
        this.identity = identity;
        this.json = json;
    }

    @POST
    @Operation(summary = "Run a sweep now (or a dry run listing what would be erased and why)",
            description = "Orders the erasure of every subject whose purposes have all expired and that no legal hold "
                    + "protects, and purges connection logs older than one year. 409 while another sweep runs.")
    public SweepView run(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun) {
        SweepService.Result result = sweeps.sweep(SweepService.ON_DEMAND, dryRun, identity.getPrincipal().getName())
                .orElseThrow(() -> Problems.conflict("Another sweep is running (on this or another replica); "
                        + "try again when it has finished."));
        return view(result.sweep(), result.listed());
    }

    @GET
    @Transactional
    @Operation(summary = "The latest sweeps (at most 50), newest first")
    public List<SweepView> list() {
        return RetentionSweep.<RetentionSweep>find("order by startedAt desc").page(0, 50).list().stream()
                .map(s -> view(s, null)).toList();
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "One sweep")
    public SweepView get(@PathParam("id") UUID id) {
        RetentionSweep sweep = RetentionSweep.<RetentionSweep>findByIdOptional(id)
                .orElseThrow(() -> Problems.notFound("There is no sweep " + id + "."));
        return view(sweep, null);
    }

    /**
     * @param subjectsOrdered for a dry run: the subjects that would be ordered
     * @param scopedOrders    of those, the orders scoped to the expired purposes (the others erase the whole subject)
     * @param due             dry run only: the first subjects that would be ordered, with the rule and purpose whose
     *                        expiry came last, and the scope of the order (absent: the whole subject)
     */
    public record SweepView(UUID id, String trigger, boolean dryRun, String requestedBy, Instant startedAt,
                            Instant finishedAt, Instant evaluatedAt, long subjectsOrdered, long scopedOrders,
                            Map<String, Long> countsByRule,
                            long connectionLogsPurged, List<SweepStatements.Candidate> due) {
    }

    private SweepView view(RetentionSweep sweep, List<SweepStatements.Candidate> listed) {
        Map<String, Long> counts;
        try {
            counts = json.readValue(sweep.countsByRule, new TypeReference<>() { });
        } catch (Exception e) {
            throw new IllegalStateException("stored counts of sweep " + sweep.id + " are not JSON");
        }
        return new SweepView(sweep.id, sweep.trigger, sweep.dryRun, sweep.requestedBy, sweep.startedAt, sweep.finishedAt,
                sweep.evaluatedAt, sweep.subjectsOrdered, sweep.scopedOrders, counts, sweep.connectionLogsPurged,
                sweep.dryRun ? listed : null);
    }
}
