package io.privacyplatform.request.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** partner-sync-service's export slice (processor records, what Stripe and HubSpot hold), with the service token. */
@RegisterRestClient(configKey = "partner-sync-service")
@OidcClientFilter
@Path("/subjects")
@Produces(MediaType.APPLICATION_JSON)
public interface PartnerSyncServiceApi {

    @GET
    @Path("/{subjectId}/export")
    Response export(@PathParam("subjectId") String subjectId);
}
