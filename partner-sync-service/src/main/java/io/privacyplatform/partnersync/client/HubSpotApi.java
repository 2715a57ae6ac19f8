package io.privacyplatform.partnersync.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The HubSpot endpoints partner-sync calls, in both path styles: {@code /crm/v3/objects/contacts}
 * (legacy versions) and {@code /crm/objects/2026-03/contacts} (date versions). Never the archive
 * {@code DELETE /crm/v3/objects/contacts/{id}}: it is restorable for 90 days, not an erasure.
 */
@RegisterRestClient(configKey = "hubspot")
@RegisterClientHeaders(HubSpotHeaders.class)
@Produces(MediaType.APPLICATION_JSON)
public interface HubSpotApi {

    /** Permanent GDPR deletion: 204; 404 when the contact is already gone. */
    @POST
    @Path("/crm/{version}/objects/contacts/gdpr-delete")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> gdprDelete(@PathParam("version") String version, GdprDelete body);

    /** {@code properties} limits the answer, e.g. to {@code email}. */
    @GET
    @Path("/crm/{version}/objects/contacts/{id}")
    Uni<Response> getContact(@PathParam("version") String version, @PathParam("id") String contactId,
                        @QueryParam("properties") String properties);

    @POST
    @Path("/crm/objects/{version}/contacts/gdpr-delete")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> gdprDeleteDated(@PathParam("version") String version, GdprDelete body);

    @GET
    @Path("/crm/objects/{version}/contacts/{id}")
    Uni<Response> getContactDated(@PathParam("version") String version, @PathParam("id") String contactId,
                             @QueryParam("properties") String properties);

    /**
     * Unsubscribes the address from every email subscription. {@code email} is already percent-encoded (it is a
     * path segment); the answer is {@code {"status":"COMPLETE|PENDING|PROCESSING|CANCELED","results":[...]}}.
     */
    @POST
    @Path("/communication-preferences/{version}/statuses/{email}/unsubscribe-all")
    Uni<Response> unsubscribeAll(@PathParam("version") String version, @Encoded @PathParam("email") String encodedEmail,
                            @QueryParam("channel") String channel);

    /** The address' status per subscription: {@code {"results":[{"subscriptionId":..,"status":"NOT_SUBSCRIBED"}]}}. */
    @GET
    @Path("/communication-preferences/{version}/statuses/{email}")
    Uni<Response> subscriptionStatuses(@PathParam("version") String version, @Encoded @PathParam("email") String encodedEmail,
                                  @QueryParam("channel") String channel);

    /**
     * CRM search (eventually consistent, 5 requests/s per account, no rate-limit headers):
     * {@code {"total":n,"results":[{"id":..}],"paging":{"next":{"after":".."}}}}.
     */
    @POST
    @Path("/crm/{version}/objects/contacts/search")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> searchContacts(@PathParam("version") String version, java.util.Map<String, Object> body);

    @POST
    @Path("/crm/objects/{version}/contacts/search")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> searchContactsDated(@PathParam("version") String version, java.util.Map<String, Object> body);

    /** Updates the given properties only: 200 with the contact; 404 when it does not exist. */
    @PATCH
    @Path("/crm/{version}/objects/contacts/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> updateContact(@PathParam("version") String version, @PathParam("id") String contactId, ContactUpdate body);

    @PATCH
    @Path("/crm/objects/{version}/contacts/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Response> updateContactDated(@PathParam("version") String version, @PathParam("id") String contactId,
                                ContactUpdate body);

    /** Body of a PATCH: {@code {"properties":{"email":...}}}. Personal data: never logged (toString names keys only). */
    record ContactUpdate(java.util.Map<String, String> properties) {
        @Override
        public String toString() {
            return "ContactUpdate" + properties.keySet();
        }
    }

    /** Body of gdpr-delete: the contact's HubSpot id (never the email form of the call). */
    record GdprDelete(String objectId) {
    }
}
