package io.privacyplatform.partnersync.client;

import io.smallrye.mutiny.Uni;
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

/** The Stripe endpoints partner-sync calls (customers, their billing records, redaction jobs). Authorization and Stripe-Version come from {@link StripeHeaders}. */
@RegisterRestClient(configKey = "stripe")
@RegisterClientHeaders(StripeHeaders.class)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
public interface StripeApi {

    /** 200 {@code {"id":..,"object":"customer","deleted":true}}; 404 {@code resource_missing} when unknown. */
    @DELETE
    @Path("/customers/{id}")
    Uni<Response> deleteCustomer(@PathParam("id") String customerId);

    /**
     * Updates the sent fields only (an empty value clears one). {@code Idempotency-Key}: a retry with the same key and
     * the same parameters gets the first answer again; with other parameters, 400 {@code idempotency_error}.
     */
    @POST
    @Path("/customers/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> updateCustomer(@PathParam("id") String customerId, @HeaderParam("Idempotency-Key") String idempotencyKey,
                            Form fields);

    /**
     * Customers with exactly this email (case-sensitive, immediately consistent, unlike the search API):
     * {@code {"object":"list","data":[...],"has_more":bool}}, newest first; page with {@code starting_after}.
     */
    @GET
    @Path("/customers")
    Uni<Response> listCustomers(@QueryParam("email") String email, @QueryParam("limit") int limit,
                           @QueryParam("starting_after") String startingAfter);

    /** A deleted customer still answers 200 with {@code "deleted": true}. */
    @GET
    @Path("/customers/{id}")
    Uni<Response> getCustomer(@PathParam("id") String customerId);

    /**
     * A customer's invoices, charges or payment intents ({@code type}: {@code invoices}, {@code charges},
     * {@code payment_intents}): {@code {"object":"list","data":[...],"has_more":bool}}, newest first; page with
     * {@code starting_after}. They stay after the customer is deleted (accounting records).
     */
    @GET
    @Path("/{type}")
    Uni<Response> listBillingObjects(@PathParam("type") String type, @QueryParam("customer") String customerId,
                                @QueryParam("limit") int limit, @QueryParam("starting_after") String startingAfter);

    /** One invoice, charge or payment intent; 404 {@code resource_missing} when unknown. */
    @GET
    @Path("/{type}/{id}")
    Uni<Response> getBillingObject(@PathParam("type") String type, @PathParam("id") String objectId);

    /**
     * Redaction Jobs API (public preview): {@code objects[<type>][]=<id>}, {@code validation_behavior=error}. The job
     * starts validating at once.
     */
    @POST
    @Path("/privacy/redaction_jobs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> createRedactionJob(@HeaderParam("Idempotency-Key") String idempotencyKey, Form params);

    /** The job and its {@code status}: validating, ready, failed, redacting, succeeded, canceling, canceled. */
    @GET
    @Path("/privacy/redaction_jobs/{id}")
    Uni<Response> getRedactionJob(@PathParam("id") String jobId);

    /** {@code run} (a ready job) or {@code validate} (a failed job, after its errors were resolved). */
    @POST
    @Path("/privacy/redaction_jobs/{id}/{action}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> actOnRedactionJob(@PathParam("id") String jobId, @PathParam("action") String action,
                               @HeaderParam("Idempotency-Key") String idempotencyKey, Form empty);

    /** Why a job failed validation: {@code data[].code} ({@code invalid_state}, {@code locked_by_other_job}...). */
    @GET
    @Path("/privacy/redaction_jobs/{id}/validation_errors")
    Uni<Response> listRedactionJobValidationErrors(@PathParam("id") String jobId, @QueryParam("limit") int limit);
}
