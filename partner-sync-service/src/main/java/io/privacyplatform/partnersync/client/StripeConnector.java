package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import jakarta.ws.rs.core.Form;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stripe: {@code DELETE /v1/customers/{id}} then a read-back. Charges, invoices and payment intents stay at
 * Stripe (accounting records); the confirmation states that exemption.
 */
@ApplicationScoped
public class StripeConnector implements PartnerConnector {

    static final String DELETE = "DELETE /v1/customers/{id}";
    static final String READ_BACK = "GET /v1/customers/{id}";
    static final String UPDATE = "POST /v1/customers/{id}";

    private final StripeApi api;
    private final PartnerGate gate;
    private final PartnersConfig config;

    StripeConnector(@RestClient StripeApi api, PartnersConfig config, MeterRegistry registry, Clock clock) {
        this.api = api;
        this.config = config;
        this.gate = new PartnerGate(Systems.STRIPE, config.limits(Systems.STRIPE), registry, clock);
    }

    @Override
    public PartnerGate gate() {
        return gate;
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
        requireKey();

        PartnerResponse deleted = gate.call(() -> api.deleteCustomer(customerId));
        String result;
        if (deleted.is(200) && deleted.saysDeleted()) {
            result = TaskEvidence.DELETED;
        } else if (isResourceMissing(deleted)) {
            result = TaskEvidence.ALREADY_ABSENT;
        } else {
            throw failure("DELETE customer", deleted);
        }

        PartnerResponse check = gate.call(() -> api.getCustomer(customerId));
        String verification;
        if (check.is(200) && check.saysDeleted()) {
            verification = READ_BACK + " returned deleted=true";
        } else if (isResourceMissing(check)) {
            verification = READ_BACK + " returned 404 resource_missing";
        } else if (check.is(200) && check.json().path("id").isTextual()) {
            gate.unexpected(check);
            throw new TransientPartnerException(partner(), 200, "read-back: customer not deleted yet");
        } else {
            throw failure("GET customer", check);
        }
        return new TaskEvidence(result, DELETE, verification);
    }

    /**
     * Rectifies one customer: {@code email} and {@code phone} as given; {@code name} (one field at Stripe) only when
     * both halves are corrected, as "first last". Sent form-encoded with {@code idempotencyKey}, stable per task, so a
     * run repeated after a crash replays the first answer instead of applying twice. Then reads the customer back and
     * compares each sent field by hash.
     */
    @Override
    public TaskEvidence rectify(String customerId, RectificationValues values, String idempotencyKey) {
        requireKey();
        Map<String, String> params = new LinkedHashMap<>();
        List<FieldResult> fields = new ArrayList<>();
        boolean first = values.has(RectificationValues.FIRST_NAME);
        boolean last = values.has(RectificationValues.LAST_NAME);
        for (String field : values.values().keySet()) {
            switch (field) {
                case RectificationValues.EMAIL, RectificationValues.PHONE -> {
                    params.put(field, values.get(field));
                    fields.add(new FieldResult(field, field, FieldResult.APPLIED));
                }
                case RectificationValues.FIRST_NAME, RectificationValues.LAST_NAME -> {
                    if (first && last) {
                        params.put("name", (values.get(RectificationValues.FIRST_NAME).trim() + " "
                                + values.get(RectificationValues.LAST_NAME).trim()).trim());
                        fields.add(new FieldResult(field, "name", FieldResult.APPLIED));
                    } else {
                        fields.add(new FieldResult(field, "name", FieldResult.NOT_APPLIED_PARTIAL_NAME));
                    }
                }
                default -> fields.add(new FieldResult(field, null, FieldResult.NOT_APPLICABLE));
            }
        }
        if (params.isEmpty()) {
            // Only one half of the name: Stripe holds the name, but it cannot be corrected without guessing the rest.
            return new TaskEvidence(TaskEvidence.PARTIALLY_RECTIFIED, null,
                    "nothing sent: only one half of the name was corrected and Stripe keeps one name field", fields);
        }
        Form form = new Form();
        params.forEach(form::param);

        PartnerResponse updated = gate.call(() -> api.updateCustomer(customerId, idempotencyKey, form));
        if (isResourceMissing(updated)) {
            return new TaskEvidence(TaskEvidence.OBJECT_ABSENT, UPDATE, UPDATE + " returned 404 resource_missing: "
                    + "the customer no longer exists", List.of());
        }
        if (!updated.is(200) || !updated.json().path("id").isTextual()) {
            throw failure("POST customer", updated);
        }

        PartnerResponse check = gate.call(() -> api.getCustomer(customerId));
        if (isResourceMissing(check) || (check.is(200) && check.saysDeleted())) {
            return new TaskEvidence(TaskEvidence.OBJECT_ABSENT, UPDATE, READ_BACK + ": the customer no longer exists",
                    List.of());
        }
        if (!check.is(200) || !check.json().path("id").isTextual()) {
            throw failure("GET customer", check);
        }
        List<String> differing = new ArrayList<>();
        params.forEach((property, sent) -> {
            JsonNode read = check.json().path(property);
            if (!FieldComparison.sameValue(property, sent, read.isTextual() ? read.asText() : null)) {
                differing.add(property);
            }
        });
        if (!differing.isEmpty()) {
            gate.unexpected(check);
            throw new TransientPartnerException(partner(), 200, "read-back: " + String.join(", ", differing)
                    + " not updated yet");
        }
        boolean partial = fields.stream().anyMatch(f -> !FieldResult.APPLIED.equals(f.result()));
        return new TaskEvidence(partial ? TaskEvidence.PARTIALLY_RECTIFIED : TaskEvidence.RECTIFIED,
                UPDATE + " (" + String.join(", ", params.keySet()) + ", Idempotency-Key per task)",
                READ_BACK + ": " + String.join(", ", params.keySet()) + " match the values sent (SHA-256 compared)", fields);
    }

    static final String LIST_BY_EMAIL = "GET /v1/customers?email={email}";
    static final int MAX_LOOKUP_PAGES = 10;

    /**
     * The customers holding one of these addresses: {@code GET /v1/customers?email=} (exact and case-sensitive, so the
     * address is also tried lowercased), every page. The search API is not used: it is eventually consistent (up to an
     * hour), and an erasure must not miss a customer created just before.
     */
    @Override
    public TaskEvidence findByEmail(List<String> emails) {
        requireKey();
        java.util.LinkedHashSet<String> variants = new java.util.LinkedHashSet<>();
        emails.forEach(e -> {
            variants.add(e);
            variants.add(e.toLowerCase(java.util.Locale.ROOT));
        });
        java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
        for (String email : variants) {
            String after = null;
            for (int page = 0; page < MAX_LOOKUP_PAGES; page++) {
                String cursor = after;
                PartnerResponse list = gate.call(() -> api.listCustomers(email, 100, cursor));
                JsonNode data = list.json().path("data");
                if (!list.is(200) || !data.isArray()) {
                    throw failure("GET customers by email", list);
                }
                for (JsonNode customer : data) {
                    if (customer.path("id").isTextual() && !customer.path("deleted").asBoolean(false)) {
                        found.add(customer.path("id").asText());
                    }
                }
                if (!list.json().path("has_more").asBoolean(false) || data.isEmpty()) {
                    break;
                }
                after = data.get(data.size() - 1).path("id").asText();
            }
        }
        return new TaskEvidence(TaskEvidence.LOOKED_UP, LIST_BY_EMAIL, LIST_BY_EMAIL + " (" + variants.size()
                + " address form" + (variants.size() == 1 ? "" : "s") + "): " + found.size() + " customer"
                + (found.size() == 1 ? "" : "s") + " found", List.of(), List.copyOf(found));
    }

    /** Stripe customer fields that hold personal data, as exported (address and shipping flattened with dots). */
    static final List<String> EXPORTED_FIELDS = List.of("email", "name", "phone", "description");
    static final List<String> ADDRESS_FIELDS = List.of("line1", "line2", "postal_code", "city", "state", "country");

    /**
     * Reads one customer for an access export ({@code GET /v1/customers/{id}}): its email, name, phone, description,
     * address and shipping lines that have a value. Gone when Stripe answers 404 {@code resource_missing} or
     * {@code deleted:true}. One call, no retry: the export is retried as a whole later.
     */
    @Override
    public PartnerRead readForExport(String customerId) {
        requireKey();
        PartnerResponse read = gate.call(() -> api.getCustomer(customerId));
        if (isResourceMissing(read) || (read.is(200) && read.saysDeleted())) {
            return PartnerRead.gone();
        }
        JsonNode customer = read.json();
        if (!read.is(200) || !customer.path("id").isTextual()) {
            throw failure("GET customer", read);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        EXPORTED_FIELDS.forEach(field -> text(customer.path(field)).ifPresent(v -> fields.put(field, v)));
        addressLines("address", customer.path("address"), fields);
        JsonNode shipping = customer.path("shipping");
        text(shipping.path("name")).ifPresent(v -> fields.put("shipping.name", v));
        text(shipping.path("phone")).ifPresent(v -> fields.put("shipping.phone", v));
        addressLines("shipping.address", shipping.path("address"), fields);
        return new PartnerRead(true, fields);
    }

    private static void addressLines(String prefix, JsonNode address, Map<String, String> fields) {
        ADDRESS_FIELDS.forEach(line -> text(address.path(line)).ifPresent(v -> fields.put(prefix + "." + line, v)));
    }

    private static Optional<String> text(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    private void requireKey() {
        if (config.stripe().apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            throw new TransientPartnerException(partner(), 0, "partners.stripe.api-key is not configured");
        }
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
        gate.unexpected(response);
        JsonNode error = response.json().path("error");
        String code = Optional.ofNullable(PartnerErrors.code(error.path("code"))).orElse(PartnerErrors.code(error.path("type")));
        String shouldRetry = response.header("Stripe-Should-Retry");
        Optional<java.time.Duration> wait = gate.retryAfter(response);
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
