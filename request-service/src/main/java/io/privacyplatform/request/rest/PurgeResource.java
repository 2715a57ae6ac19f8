package io.privacyplatform.request.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.request.PurgeRun;
import io.privacyplatform.request.service.purge.RecordPurge;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The purge of request-service's own records by the rules it holds in retention-policy.yaml: run it now, and the
 * latest runs with their counts per rule (privacy officer or operator).
 */
@Path("/purges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention of request records")
@SecurityRequirement(name = "bearer")
@RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
public class PurgeResource {

    static final String RUN = """
            {"id":"9c1e2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b","trigger":"ON_DEMAND","startedBy":"dpo-1",
             "startedAt":"2026-12-03T10:17:00Z","finishedAt":"2026-12-03T10:17:01Z","policyVersion":"2026-12-03.2",
             "counts":{"request-bodies-after-closing":{"request-body":12,"identity-check-note":3},
                       "export-document-expired":{"export-document":2},
                       "email-filing-unverified":{"unverified-email-filing":5},
                       "post-mortem-directives":{"post-mortem-directive":0},
                       "request-accountability":{"directive-record":0,"request-record":1,"audit-chain":6,"erasure-receipt":4,
                         "order-confirmations":0,"refused-confirmations":0,"export-record":0,"verified-email-filing":0}}}""";

    private final RecordPurge purge;
    private final SecurityIdentity caller;
    private final ObjectMapper json;

    PurgeResource(RecordPurge purge, SecurityIdentity caller, ObjectMapper json) {
        this.purge = purge;
        this.caller = caller;
        this.json = json;
    }

    /** One run: how many records of each kind each rule (code of retention-policy.yaml) removed. */
    public record PurgeRunView(UUID id, String trigger, String startedBy, Instant startedAt, Instant finishedAt,
                               String policyVersion, Map<String, Map<String, Long>> counts) {
    }

    @POST
    @Operation(summary = "Purge request-service's own records now",
            description = "Applies the rules heldBy request-service of retention-policy.yaml (the register lists them): "
                    + "bodies of closed requests, expired export documents, unverified email filings, ended post-mortem "
                    + "directives, and the proof at the end of its accountability period. The scheduled purge does the "
                    + "same (requests.purge.cron). 409 while a purge runs, on this or another replica.")
    @APIResponse(responseCode = "200", description = "The run and its counts", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "run", value = RUN)))
    @APIResponse(responseCode = "409", description = "Another purge is running")
    public PurgeRunView run() {
        return purge.purge(RecordPurge.ON_DEMAND, caller.getPrincipal().getName()).map(this::view)
                .orElseThrow(() -> Problems.conflict("Another purge is running (on this or another replica); "
                        + "try again when it has finished."));
    }

    @GET
    @Transactional
    @Operation(summary = "The latest purges (at most 50), newest first")
    @APIResponse(responseCode = "200", description = "The runs", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "runs", value = "[" + RUN + "]")))
    public List<PurgeRunView> list() {
        return PurgeRun.<PurgeRun>find("order by startedAt desc").page(0, 50).list().stream().map(this::view).toList();
    }

    private PurgeRunView view(PurgeRun run) {
        try {
            return new PurgeRunView(run.id, run.trigger, run.startedBy, run.startedAt, run.finishedAt, run.policyVersion,
                    json.readValue(run.counts, new TypeReference<Map<String, Map<String, Long>>>() { }));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored purge counts do not read back", e);
        }
    }
}
