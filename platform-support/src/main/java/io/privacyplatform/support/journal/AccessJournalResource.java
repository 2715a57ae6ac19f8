package io.privacyplatform.support.journal;

import io.privacyplatform.contracts.journal.AccessJournalPage;
import io.privacyplatform.contracts.journal.AccessJournalVerification;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The service's access journal for the privacy officer (policy §10), on every service: who read which subject's
 * data in clear or decided what, and the walk of its hash chain. These reads are journaled too.
 */
@Path("/access-journal")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access journal")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Roles.PRIVACY_OFFICER)
public class AccessJournalResource {

    static final String ENTRY = """
            {"position":42,"entryId":"5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f","recordedAt":"2026-12-03T10:17:00.123456Z",
             "actorKind":"token","actor":"dpo-1","client":"privacy-console","action":"READ","decision":null,
             "categories":["request-details"],"subjectId":"usr_7f3a","requestId":"9c1e2f4a-5b6d-4e7f-8a9b-0c1d2e3f4a5b",
             "endpoint":"GET /requests/{id}",
             "previousHash":"b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78",
             "hash":"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"}""";

    private final AccessJournal journal;
    private final AccessJournalQueries queries;

    AccessJournalResource(AccessJournal journal, AccessJournalQueries queries) {
        this.journal = journal;
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Who read or decided what, newest first",
            description = "Entries of this service's access journal, filtered by subject, actor (a token's sub, or a "
                    + "person's link id) and time (from inclusive, to exclusive, ISO-8601 instants). The read is "
                    + "journaled (category access-journal).")
    @APIResponse(responseCode = "200", description = "One page", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "page", value = "{\"items\":[" + ENTRY + "],\"page\":0,\"size\":50,\"total\":1}")))
    @APIResponse(responseCode = "400", description = "A bad parameter")
    public AccessJournalPage list(@QueryParam("subjectId") @Size(min = 1, max = 200) String subjectId,
                                  @QueryParam("actor") @Size(min = 1, max = 200) String actor,
                                  @QueryParam("from") String from,
                                  @QueryParam("to") String to,
                                  @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
                                  @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw Problems.invalid("from", "must be before to", "The period is empty: from must be before to.");
        }
        AccessJournalPage result = queries.page(new AccessJournalQueries.Filter(subjectId, actor, fromInstant, toInstant),
                page, size);
        journal.record(Access.read(DataCategory.ACCESS_JOURNAL).subject(subjectId));
        return result;
    }

    @GET
    @Path("/verify")
    @Operation(summary = "Walk the journal's hash chain",
            description = "Recomputes every entry's hash from the purge's anchor on and reports the first entry that "
                    + "does not match (altered, removed or inserted). The read is journaled (category access-journal).")
    @APIResponse(responseCode = "200", description = "The walk", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "intact", value = """
                    {"intact":true,"checkedEntries":1234,"firstBrokenPosition":null,"problem":null,"purgedThrough":0,
                     "anchorHash":"0000000000000000000000000000000000000000000000000000000000000000",
                     "lastHash":"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d",
                     "checkedAt":"2026-12-03T10:17:00Z"}""")))
    public AccessJournalVerification verify() {
        AccessJournalVerification result = queries.verify();
        journal.record(Access.read(DataCategory.ACCESS_JOURNAL));
        return result;
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "must be an ISO-8601 instant", "Use an instant such as 2026-12-03T10:17:00Z for "
                    + field + ".");
        }
    }
}
