package io.privacyplatform.partnersync.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The Stripe endpoints partner-sync calls. Authorization and Stripe-Version come from {@link StripeHeaders}. */
@RegisterRestClient(configKey = "stripe")
@RegisterClientHeaders(StripeHeaders.class)
@Path("/v1/customers")
@Produces(MediaType.APPLICATION_JSON)
public interface StripeApi {

    /** 200 {@code {"id":..,"object":"customer","deleted":true}}; 404 {@code resource_missing} when unknown. */
    @DELETE
    @Path("/{id}")
    Response deleteCustomer(@PathParam("id") String customerId);

    /**
     * Updates the sent fields only (an empty value clears one). {@code Idempotency-Key}: a retry with the same key and
     * the same parameters gets the first answer again; with other parameters, 400 {@code idempotency_error}.
     */
    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Response updateCustomer(@PathParam("id") String customerId, @HeaderParam("Idempotency-Key") String idempotencyKey,
                            Form fields);

    /**
     * Customers with exactly this email (case-sensitive, immediately consistent, unlike the search API):
     * {@code {"object":"list","data":[...],"has_more":bool}}, newest first; page with {@code starting_after}.
     */
    @GET
    Response listCustomers(@QueryParam("email") String email, @QueryParam("limit") int limit,
                           @QueryParam("starting_after") String startingAfter);

    /** A deleted customer still answers 200 with {@code "deleted": true}. */
    @GET
    @Path("/{id}")
    Response getCustomer(@PathParam("id") String customerId);
}
