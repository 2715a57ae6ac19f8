package io.privacyplatform.partnersync.client;

import io.privacyplatform.contracts.subject.SubjectContactDetails;
import io.privacyplatform.support.client.ContractJson;
import io.privacyplatform.support.client.ServiceAnswerMapper;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The "subject contact" endpoint of retention-service, which answers it from the contact columns of the company's
 * datastores (configured with {@code quarkus.rest-client.subject-contact.url}), called with partner-sync's service token (role {@code platform}).
 * Contract {@code HttpContracts.SUBJECT_CONTACT}: {@code GET {url}/subjects/{subjectId}/contact} → 200
 * {@code {"subjectId":"...","emails":["..."]}}; 404 when the service knows no contact data for the subject. The answer
 * is personal data: in memory for one task run only.
 */
@RegisterRestClient(configKey = "subject-contact")
@RegisterProvider(ServiceAnswerMapper.class)
@RegisterProvider(ContractJson.class)
@OidcClientFilter
@Path("/subjects")
@Produces(MediaType.APPLICATION_JSON)
public interface SubjectContactApi {

    @GET
    @Path("/{subjectId}/contact")
    Uni<SubjectContactDetails> contact(@PathParam("subjectId") String subjectId);
}
