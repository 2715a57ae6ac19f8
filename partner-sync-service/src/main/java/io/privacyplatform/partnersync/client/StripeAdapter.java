package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.temporal.ChronoUnit;

/**
 * Stripe: {@code DELETE /v1/customers/{id}} then a read-back. Charges, invoices and payment intents stay at
 * Stripe (accounting records); the confirmation states that exemption.
 */
@ApplicationScoped
public class StripeAdapter implements PartnerAdapter {

    static final String DELETE = "DELETE /v1/customers/{id}";
    static final String READ_BACK = "GET /v1/customers/{id}";

    private final StripeApi api;
    private final PartnerCalls calls;
    private final PartnersConfig config;

    StripeAdapter(@RestClient StripeApi api, PartnerCalls calls, PartnersConfig config) {
        this.api = api;
        this.calls = calls;
        this.config = config;
    }

    @Override
    public String partner() {
        return Systems.STRIPE;
    }

    @Override
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = PermanentPartnerException.class)
    public ErasureEvidence erase(PartnerObjectType type, String customerId) {
        if (type != PartnerObjectType.STRIPE_CUSTOMER) {
            throw new PermanentPartnerException(partner(), 0, "unsupported object type " + type.wireName());
        }
        if (config.stripe().apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            throw new TransientPartnerException(partner(), 0, "partners.stripe.api-key is not configured", null);
        }

        PartnerResponse deleted = calls.call(partner(), () -> api.deleteCustomer(customerId));
        String result;
        if (deleted.is(200) && deleted.saysDeleted()) {
            result = ErasureEvidence.DELETED;
        } else if (isResourceMissing(deleted)) {
            result = ErasureEvidence.ALREADY_ABSENT;
        } else {
            throw failure("DELETE customer", deleted);
        }

        PartnerResponse check = calls.call(partner(), () -> api.getCustomer(customerId));
        String verification;
        if (check.is(200) && check.saysDeleted()) {
            verification = READ_BACK + " returned deleted=true";
        } else if (isResourceMissing(check)) {
            verification = READ_BACK + " returned 404 resource_missing";
        } else if (check.is(200)) {
            calls.unexpected(partner(), check);
            throw new TransientPartnerException(partner(), 200, "read-back: customer not deleted yet", null);
        } else {
            throw failure("GET customer", check);
        }
        return new ErasureEvidence(result, DELETE, verification);
    }

    /** Unknown id: 404 with a Stripe error body (a 404 from anything else, e.g. a proxy, proves nothing). */
    private static boolean isResourceMissing(PartnerResponse response) {
        return response.is(404) && response.json().path("error").isObject();
    }

    private PartnerException failure(String step, PartnerResponse response) {
        calls.unexpected(partner(), response);
        JsonNode error = response.json().path("error");
        String code = PartnerErrors.code(error.path("code"));
        String reason = PartnerErrors.reason(step, response.status(), code != null ? code : PartnerErrors.code(error.path("type")));
        String shouldRetry = response.header("Stripe-Should-Retry");
        boolean retryable;
        if ("true".equalsIgnoreCase(shouldRetry)) {
            retryable = true;
        } else if ("false".equalsIgnoreCase(shouldRetry)) {
            retryable = false;
        } else {
            retryable = PartnerErrors.retryableStatus(response.status())
                    || (response.is(409) && "idempotency_key_in_use".equals(code));
        }
        return retryable
                ? new TransientPartnerException(partner(), response.status(), reason, PartnerCalls.retryAfter(response).orElse(null))
                : new PermanentPartnerException(partner(), response.status(), reason);
    }
}
