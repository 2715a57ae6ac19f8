package io.privacyplatform.partnersync.client;

import io.privacyplatform.contracts.rectification.CorrectedValues;
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

import java.util.UUID;

/**
 * request-service, called with partner-sync's own service token (client credentials grant of the default
 * {@code quarkus.oidc-client}; role {@code platform}). The answer carries personal data: it is read in memory only.
 */
@RegisterRestClient(configKey = "request-service")
@RegisterProvider(ServiceAnswerMapper.class)
@RegisterProvider(ContractJson.class)
@OidcClientFilter
@Path("/requests")
@Produces(MediaType.APPLICATION_JSON)
public interface RequestServiceApi {

    /** Contract {@code HttpContracts.RECTIFICATION_VALUES}: 404 unknown or not a rectification; 409 not approved. */
    @GET
    @Path("/{id}/rectification")
    Uni<CorrectedValues> rectificationValues(@PathParam("id") UUID requestId);
}
