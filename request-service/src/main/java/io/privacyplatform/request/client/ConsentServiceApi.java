package io.privacyplatform.request.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** consent-service's export slice, read with request-service's own service token (role platform). */
@RegisterRestClient(configKey = "consent-service")
@OidcClientFilter
@Path("/consents")
@Produces(MediaType.APPLICATION_JSON)
public interface ConsentServiceApi {

    @GET
    @Path("/export")
    Response export(@QueryParam("subjectId") String subjectId);
}
