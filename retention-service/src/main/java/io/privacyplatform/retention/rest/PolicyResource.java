package io.privacyplatform.retention.rest;

import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.LocalDate;
import java.util.List;

@Produces(MediaType.APPLICATION_JSON)
@Path("/")
public class PolicyResource {

    private final RetentionPolicy policy;
    private final EntityManager entityManager;

    PolicyResource(RetentionPolicy policy, EntityManager entityManager) {
        this.policy = policy;
        this.entityManager = entityManager;
    }

    @GET
    @Path("retention-policy")
    @PermitAll
    @Tag(name = "Policy")
    @Operation(summary = "The retention policy in force: rules, purposes, legal bases, resolved periods (public, like the register of processing)")
    public RetentionPolicy policy() {
        return policy;
    }

    @GET
    @Path("statistics")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Transactional
    @Tag(name = "Policy")
    @Operation(summary = "Anonymized aggregates kept after erasure: subjects per month of collection and purpose")
    public List<Statistic> statistics() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select month, purpose, subjects from retention_statistic order by month, purpose")
                .getResultList();
        return rows.stream().map(r -> new Statistic(r[0] instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) r[0], (String) r[1],
                ((Number) r[2]).longValue())).toList();
    }

    public record Statistic(LocalDate month, String purpose, long subjects) {
    }
}
