package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.Optional;

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
    public TaskEvidence erase(PartnerObjectType type, String customerId) {
        if (type != PartnerObjectType.STRIPE_CUSTOMER) {
            throw new PermanentPartnerException(partner(), 0, null, "unsupported object type " + type.wireName(),
                    DeadReason.UNSUPPORTED);
        }
        if (config.stripe().apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            throw new TransientPartnerException(partner(), 0, "partners.stripe.api-key is not configured");
        }

        PartnerResponse deleted = calls.call(partner(), () -> api.deleteCustomer(customerId));
        String result;
        if (deleted.is(200) && deleted.saysDeleted()) {
            result = TaskEvidence.DELETED;
        } else if (isResourceMissing(deleted)) {
            result = TaskEvidence.ALREADY_ABSENT;
        } else {
            throw failure("DELETE customer", deleted);
        }

        PartnerResponse check = calls.call(partner(), () -> api.getCustomer(customerId));
        String verification;
        if (check.is(200) && check.saysDeleted()) {
            verification = READ_BACK + " returned deleted=true";
        } else if (isResourceMissing(check)) {
            verification = READ_BACK + " returned 404 resource_missing";
        } else if (check.is(200) && check.json().path("id").isTextual()) {
            calls.unexpected(partner(), check);
            throw new TransientPartnerException(partner(), 200, "read-back: customer not deleted yet");
        } else {
            throw failure("GET customer", check);
        }
        return new TaskEvidence(result, DELETE, verification);
    }

    /** Unknown id: 404 with a Stripe error body (a 404 from anything else, e.g. a proxy, proves nothing). */
    private static boolean isResourceMissing(PartnerResponse response) {
        return response.is(404) && response.json().path("error").isObject();
    }

    /**
     * {@code Stripe-Should-Retry} decides when present; otherwise the common rule, with 409
     * {@code idempotency_key_in_use} retried like Stripe documents.
     */
    private PartnerException failure(String step, PartnerResponse response) {
        calls.unexpected(partner(), response);
        JsonNode error = response.json().path("error");
        String code = Optional.ofNullable(PartnerErrors.code(error.path("code"))).orElse(PartnerErrors.code(error.path("type")));
        String shouldRetry = response.header("Stripe-Should-Retry");
        Optional<java.time.Duration> wait = PartnerCalls.retryAfter(response);
        if ("false".equalsIgnoreCase(shouldRetry) && response.status() >= 400) {
            return new PermanentPartnerException(partner(), response.status(), code,
                    PartnerErrors.reason(step, response.status(), code) + " (Stripe-Should-Retry: false)",
                    response.is(401) || response.is(403) ? DeadReason.UNAUTHORIZED : DeadReason.NOT_RETRYABLE);
        }
        if ("true".equalsIgnoreCase(shouldRetry)) {
            return new TransientPartnerException(partner(), response.status(), code,
                    PartnerErrors.reason(step, response.status(), code), wait.orElse(null));
        }
        return PartnerErrors.classify(partner(), step, response, error.isObject(), code, wait);
    }
}
