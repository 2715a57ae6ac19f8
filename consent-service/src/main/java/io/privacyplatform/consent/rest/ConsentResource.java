package io.privacyplatform.consent.rest;

import io.privacyplatform.support.subject.SubjectIds;

import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.service.ConsentService;
import io.privacyplatform.support.problem.Problem;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/consents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consents")
@SecurityRequirement(name = "bearer")
public class ConsentResource {

    private final ConsentService consents;
    private final SecurityIdentity caller;

    ConsentResource(ConsentService consents, SecurityIdentity caller) {
        this.consents = consents;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PLATFORM})
    @Operation(summary = "Record a grant or withdrawal of consent for one purpose",
            description = "A data subject records their own (subject = token sub, source platform-settings); "
                    + "a platform backend names the subjectId and may give the source.")
    public Response record(@Valid @NotNull RecordConsent body) {
        String actor = caller.getPrincipal().getName();
        ConsentPurpose purpose = ConsentPurpose.fromCode(body.purpose()).orElseThrow(() -> new ProblemException(400,
                "Invalid request", "Unsupported purpose; allowed: " + ConsentPurpose.codes() + ".",
                List.of(new Problem.FieldError("purpose", "must be one of " + ConsentPurpose.codes()))));
        ConsentSource source = body.source() == null ? ConsentSource.PLATFORM_SETTINGS
                : ConsentSource.fromCode(body.source()).orElseThrow(() -> new ProblemException(400,
                        "Invalid request", "Unsupported source; allowed: " + ConsentSource.codes() + ".",
                        List.of(new Problem.FieldError("source", "must be one of " + ConsentSource.codes()))));

        String subjectId;
        if (caller.hasRole(Roles.PLATFORM)) {
            if (body.subjectId() == null) {
                throw SubjectIds.invalid("is required when a platform backend records a consent");
            }
            subjectId = body.subjectId();
        } else {
            if (body.subjectId() != null && !body.subjectId().equals(actor)) {
                throw new ProblemException(403, "Forbidden", "A data subject records consents for themselves only.");
            }
            if (source != ConsentSource.PLATFORM_SETTINGS) {
                throw ProblemException.unprocessable("A data subject records consents from the platform settings only.");
            }
            subjectId = actor;
        }
        ConsentRecord record = consents.record(subjectId, purpose, body.granted(), source, body.policyVersion(), actor);
        return Response.status(Response.Status.CREATED).entity(ConsentView.of(record)).build();
    }

    @GET
    @RolesAllowed({Roles.DATA_SUBJECT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "A subject's current consents and their history",
            description = "A data subject reads their own (subjectId omitted); the privacy officer names the subjectId.")
    public SubjectConsentsView list(@QueryParam("subjectId") String subjectId) {
        String subject;
        if (caller.hasRole(Roles.PRIVACY_OFFICER) && (subjectId != null || !caller.hasRole(Roles.DATA_SUBJECT))) {
            subject = SubjectIds.requireValid(subjectId);
        } else {
            String own = caller.getPrincipal().getName();
            if (subjectId != null && !subjectId.equals(own)) {
                throw new ProblemException(403, "Forbidden", "A data subject reads their own consents only.");
            }
            subject = own;
        }
        List<ConsentRecord> history = consents.history(subject);
        return new SubjectConsentsView(subject,
                ConsentService.current(history).stream().map(ConsentView::of).toList(),
                history.stream().map(ConsentView::of).toList());
    }
}
