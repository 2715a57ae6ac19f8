package io.privacyplatform.request.client;

import io.privacyplatform.contracts.export.ConsentExport;
import io.privacyplatform.support.client.ContractJson;
import io.privacyplatform.support.client.ServiceAnswerMapper;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** consent-service's export slice (contract {@code HttpContracts.CONSENT_EXPORT}), read with request-service's own service token (role subject-export-reader). */
@RegisterRestClient(configKey = "consent-service")
@RegisterProvider(ServiceAnswerMapper.class)
@RegisterProvider(ContractJson.class)
@OidcClientFilter
@Path("/consents")
@Produces(MediaType.APPLICATION_JSON)
public interface ConsentServiceApi {

    @GET
    @Path("/export")
    ConsentExport export(@QueryParam("subjectId") String subjectId);
}
