package io.privacyplatform.request.client;

import io.privacyplatform.contracts.export.PartnerSyncExport;
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
 * partner-sync-service's export slice (processor records, what Stripe and HubSpot hold; contract
 * {@code HttpContracts.PARTNER_SYNC_EXPORT}), with the service token.
 */
@RegisterRestClient(configKey = "partner-sync-service")
@RegisterProvider(ServiceAnswerMapper.class)
@RegisterProvider(ContractJson.class)
@OidcClientFilter
@Path("/subjects")
@Produces(MediaType.APPLICATION_JSON)
public interface PartnerSyncServiceApi {

    @GET
    @Path("/{subjectId}/export")
    PartnerSyncExport export(@PathParam("subjectId") String subjectId);
}
