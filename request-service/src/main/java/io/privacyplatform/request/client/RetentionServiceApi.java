package io.privacyplatform.request.client;

import io.privacyplatform.contracts.export.RetentionExport;
import io.privacyplatform.contracts.retention.SubjectHolds;
import io.privacyplatform.contracts.subject.SubjectContactDetails;
import io.privacyplatform.support.client.ContractJson;
import io.privacyplatform.support.client.ServiceAnswerMapper;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * retention-service's export slice (what is held, since, until, why; contract {@code HttpContracts.RETENTION_EXPORT})
 * the legal holds in force on a subject ({@code HttpContracts.SUBJECT_HOLDS}) and the subject's email addresses from the
 * account datastores ({@code HttpContracts.SUBJECT_CONTACT}), with request-service's service token.
 */
@RegisterRestClient(configKey = "retention-service")
@RegisterProvider(ServiceAnswerMapper.class)
@RegisterProvider(ContractJson.class)
@OidcClientFilter
@Path("/subjects")
@Produces(MediaType.APPLICATION_JSON)
public interface RetentionServiceApi {

    @GET
    @Path("/{subjectId}/export")
    RetentionExport export(@PathParam("subjectId") String subjectId);

    /** The legal holds in force on the subject (contract {@code HttpContracts.SUBJECT_HOLDS}). */
    @GET
    @Path("/{subjectId}/holds")
    SubjectHolds holds(@PathParam("subjectId") String subjectId);

    /** The subject's email addresses from the datastores' contact columns; 404 when none holds one. */
    @GET
    @Path("/{subjectId}/contact")
    SubjectContactDetails contact(@PathParam("subjectId") String subjectId);
}
