package io.privacyplatform.request.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** retention-service's export slice (what is held, since, until, why), with request-service's service token. */
@RegisterRestClient(configKey = "retention-service")
@OidcClientFilter
@Path("/subjects")
@Produces(MediaType.APPLICATION_JSON)
public interface RetentionServiceApi {

    @GET
    @Path("/{subjectId}/export")
    Response export(@PathParam("subjectId") String subjectId);
}
