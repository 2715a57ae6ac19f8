package io.privacyplatform.partnersync.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The OpenAI endpoints partner-sync calls; the base URL includes {@code /v1}. */
@RegisterRestClient(configKey = "openai")
@RegisterClientHeaders(OpenAiHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
public interface OpenAiApi {

    @DELETE
    @Path("/responses/{id}")
    Uni<Response> deleteResponse(@PathParam("id") String id);

    @GET
    @Path("/responses/{id}")
    Uni<Response> getResponse(@PathParam("id") String id);

    /** {@code {"object":"list","data":[{"id":..}],"has_more":bool,"last_id":..}}. */
    @GET
    @Path("/conversations/{id}/items")
    Uni<Response> listConversationItems(@PathParam("id") String conversationId, @QueryParam("limit") int limit,
                                   @QueryParam("after") String after);

    @DELETE
    @Path("/conversations/{id}/items/{itemId}")
    Uni<Response> deleteConversationItem(@PathParam("id") String conversationId, @PathParam("itemId") String itemId);

    /** Does not delete the items: delete them first. */
    @DELETE
    @Path("/conversations/{id}")
    Uni<Response> deleteConversation(@PathParam("id") String id);

    @GET
    @Path("/conversations/{id}")
    Uni<Response> getConversation(@PathParam("id") String id);

    @DELETE
    @Path("/files/{id}")
    Uni<Response> deleteFile(@PathParam("id") String id);

    @GET
    @Path("/files/{id}")
    Uni<Response> getFile(@PathParam("id") String id);

    @DELETE
    @Path("/vector_stores/{id}")
    Uni<Response> deleteVectorStore(@PathParam("id") String id);

    @GET
    @Path("/vector_stores/{id}")
    Uni<Response> getVectorStore(@PathParam("id") String id);

    @DELETE
    @Path("/chat/completions/{id}")
    Uni<Response> deleteChatCompletion(@PathParam("id") String id);

    @GET
    @Path("/chat/completions/{id}")
    Uni<Response> getChatCompletion(@PathParam("id") String id);
}
