package io.privacyplatform.retention.rest;

import io.privacyplatform.retention.service.ErasureOrderTracking;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Roles;
import io.privacyplatform.support.subject.SubjectIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * The erasure orders this service placed (retention expiry) and what each system answered: per subject for the
 * officer, the platform and the subject themself, and the officer's attention list of orders with a silent or failed
 * system.
 */
@Path("/erasure-orders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Erasure orders")
@SecurityRequirement(name = "bearer")
public class ErasureOrderResource {

    private final ErasureOrderTracking tracking;
    private final SecurityIdentity identity;

    ErasureOrderResource(ErasureOrderTracking tracking, SecurityIdentity identity) {
        this.tracking = tracking;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.DATA_SUBJECT})
    @Operation(summary = "The subject's retention erasure orders: scope (what went, what stays), each system's answer")
    public List<ErasureOrderTracking.OrderView> ofSubject(@QueryParam("subjectId") String subjectId) {
        String subject = SubjectIds.requireValid(subjectId);
        if (!identity.hasRole(Roles.PRIVACY_OFFICER) && !subject.equals(identity.getPrincipal().getName())) {
            throw Problems.forbidden("A data subject may read their own erasure orders only.");
        }
        return tracking.ofSubject(subject);
    }

    @GET
    @Path("/attention")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.OPERATOR})
    @Operation(summary = "Retention erasure orders with a system silent beyond the alert period, or that answered FAILED")
    public List<ErasureOrderTracking.OrderView> attention() {
        return tracking.attention();
    }
}
