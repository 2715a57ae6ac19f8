package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Jsons.obj;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe customers API: list by email, retrieve, create, update (form-encoded), delete; the billing records a deleted
 * customer leaves and their redaction jobs ({@link StripeBilling}); Bearer {@code sk_}/{@code rk_}
 * keys; {@code Idempotency-Key} on POST; Stripe's error shape and headers ({@code Request-Id}, {@code Stripe-Version},
 * {@code Stripe-Should-Retry}).
 */
final class StripeSimulator extends PartnerSimulator {

    /** Echoed in {@code Stripe-Version} when the request does not pin a version. */
    static final String DEFAULT_API_VERSION = "2026-03-25.dahlia";

    private static final Set<String> SCALAR_FIELDS = Set.of("email", "name", "phone", "description");
    private static final List<String> ADDRESS_FIELDS =
            List.of("city", "country", "line1", "line2", "postal_code", "state");
    private static final Set<String> LIST_PARAMS =
            Set.of("email", "limit", "starting_after", "ending_before", "created", "test_clock");
    private static final Pattern ADDRESS_PARAM = Pattern.compile("address\\[([a-z0-9_]+)]");
    private static final Pattern SHIPPING_PARAM = Pattern.compile("shipping\\[(name|phone)]");
    private static final Pattern SHIPPING_ADDRESS_PARAM = Pattern.compile("shipping\\[address]\\[([a-z0-9_]+)]");
    private static final Pattern METADATA_PARAM = Pattern.compile("metadata\\[([^\\[\\]]+)]");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, IdempotentResult> idempotencyKeys = new LinkedHashMap<>();
    private final StripeBilling billing = new StripeBilling(this::redactCustomer, customers::containsKey);

    @Override
    Partner partner() {
        return Partner.STRIPE;
    }

    @Override
    synchronized SandboxResponse handle(SandboxRequest request) {
        String version = request.header("Stripe-Version");
        SandboxResponse response = authenticate(request);
        if (response == null) {
            response = "POST".equals(request.method) && request.header("Idempotency-Key") != null
                    ? idempotent(request)
                    : route(request);
        }
        return decorate(response, version);
    }

    private SandboxResponse idempotent(SandboxRequest request) {
        String key = request.header("Idempotency-Key");
        if (key.length() > 255) {
            return error(400, "invalid_request_error", null, "idempotency_key",
                    "Invalid idempotency key: must be 255 characters or fewer.");
        }
        String fingerprint = fingerprint(request);
        IdempotentResult previous = idempotencyKeys.get(key);
        if (previous != null) {
            if (previous.fingerprint.equals(fingerprint)) {
                return previous.response.copy().header("Idempotent-Replayed", "true");
            }
            return error(400, "idempotency_error", null, null,
                    "Keys for idempotent requests can only be used with the same parameters they were first used"
                            + " with. Try using a key other than '" + key + "' if you meant to execute a different"
                            + " request.");
        }
        // Results are kept once the endpoint ran; requests rejected by validation are not saved (as at Stripe).
        SandboxResponse response = decorate(route(request), request.header("Stripe-Version"));
        if (response.status != 400) {
            idempotencyKeys.put(key, new IdempotentResult(fingerprint, response.copy()));
        }
        return response;
    }

    private static String fingerprint(SandboxRequest request) {
        TreeMap<String, List<String>> params = new TreeMap<>();
        for (Map.Entry<String, String> pair : FormCodec.decode(request.body)) {
            params.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
        }
        return request.method + " " + request.path + " " + params;
    }

    private SandboxResponse route(SandboxRequest request) {
        if (StripeBilling.handles(request)) {
            return billing.route(request);
        }
        List<String> s = request.segments;
        boolean customersPath = s.size() >= 2 && s.get(0).equals("v1") && s.get(1).equals("customers");
        if (customersPath && s.size() == 2) {
            if (request.method.equals("GET")) {
                return list(request);
            }
            if (request.method.equals("POST")) {
                return create(request);
            }
        } else if (customersPath && s.size() == 3 && !s.get(2).equals("search")) {
            String id = s.get(2);
            switch (request.method) {
                case "GET": return retrieve(id);
                case "POST": return update(id, request);
                case "DELETE": return delete(id);
                default: break;
            }
        }
        return unrecognized(request);
    }

    static SandboxResponse unrecognized(SandboxRequest request) {
        return error(404, "invalid_request_error", null, null, "Unrecognized request URL (" + request.method + ": "
                + request.path + "). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
    }

    /** A redaction job redacted this customer: its personal fields read {@code [redacted]} from now on. */
    private void redactCustomer(String id) {
        Customer c = customers.get(id);
        if (c == null || c.deleted) {
            return;
        }
        c.fields.replaceAll((k, v) -> v == null ? null : StripeBilling.REDACTED);
        if (c.address != null) {
            c.address.replaceAll((k, v) -> v == null ? null : StripeBilling.REDACTED);
        }
        if (c.shipping != null) {
            c.shipping.replaceAll((k, v) -> v == null ? null : StripeBilling.REDACTED);
        }
    }

    // ---- endpoints ----

    private SandboxResponse list(SandboxRequest request) {
        for (String name : request.queryNames()) {
            if (!LIST_PARAMS.contains(name) && !name.startsWith("expand") && !name.startsWith("created[")) {
                return unknownParameter(name);
            }
        }
        int limit = 10;
        String limitParam = request.query("limit");
        if (limitParam != null) {
            try {
                limit = Integer.parseInt(limitParam);
            } catch (NumberFormatException e) {
                return error(400, "invalid_request_error", "parameter_invalid_integer", "limit",
                        "Invalid integer: " + limitParam);
            }
            if (limit < 1 || limit > 100) {
                return error(400, "invalid_request_error", null, "limit",
                        "This value must be greater than or equal to 1 and less than or equal to 100.");
            }
        }
        String startingAfter = request.query("starting_after");
        String endingBefore = request.query("ending_before");
        if (startingAfter != null && endingBefore != null) {
            return error(400, "invalid_request_error", null, null,
                    "You may only specify one of these parameters: ending_before, starting_after.");
        }
        List<Customer> ordered = new ArrayList<>();
        for (Customer c : customers.values()) {
            if (!c.deleted) {
                ordered.add(0, c); // newest first, as Stripe lists
            }
        }
        String cursor = startingAfter != null ? startingAfter : endingBefore;
        int cursorIndex = -1;
        if (cursor != null) {
            for (int i = 0; i < ordered.size(); i++) {
                if (ordered.get(i).id.equals(cursor)) {
                    cursorIndex = i;
                }
            }
            if (cursorIndex < 0) {
                return error(400, "invalid_request_error", "resource_missing",
                        startingAfter != null ? "starting_after" : "ending_before",
                        "No such customer: '" + cursor + "'");
            }
        }
        String email = request.query("email");
        List<Customer> candidates = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            Customer c = ordered.get(i);
            boolean inWindow = cursor == null || (startingAfter != null ? i > cursorIndex : i < cursorIndex);
            if (inWindow && (email == null || email.equals(c.fields.get("email")))) { // exact, case-sensitive
                candidates.add(c);
            }
        }
        boolean hasMore = candidates.size() > limit;
        List<Customer> page = endingBefore != null
                ? candidates.subList(Math.max(0, candidates.size() - limit), candidates.size())
                : candidates.subList(0, Math.min(limit, candidates.size()));
        List<Object> data = new ArrayList<>();
        for (Customer c : page) {
            data.add(c.toJson());
        }
        return SandboxResponse.json(200, obj("object", "list", "data", data, "has_more", hasMore,
                "url", "/v1/customers"));
    }

    private SandboxResponse retrieve(String id) {
        Customer c = customers.get(id);
        if (c == null) {
            return noSuchCustomer(id);
        }
        if (c.deleted) {
            return SandboxResponse.json(200, obj("id", c.id, "object", "customer", "deleted", true));
        }
        return SandboxResponse.json(200, c.toJson());
    }

    private SandboxResponse create(SandboxRequest request) {
        SandboxResponse invalid = requireForm(request);
        if (invalid != null) {
            return invalid;
        }
        Customer c = new Customer(newId("cus_"), epochSeconds());
        SandboxResponse rejected = applyParams(c, FormCodec.decode(request.body));
        if (rejected != null) {
            return rejected;
        }
        customers.put(c.id, c);
        return SandboxResponse.json(200, c.toJson());
    }

    private SandboxResponse update(String id, SandboxRequest request) {
        Customer existing = customers.get(id);
        if (existing == null || existing.deleted) {
            return noSuchCustomer(id);
        }
        SandboxResponse invalid = requireForm(request);
        if (invalid != null) {
            return invalid;
        }
        Customer updated = existing.copy();
        SandboxResponse rejected = applyParams(updated, FormCodec.decode(request.body));
        if (rejected != null) {
            return rejected; // nothing applied
        }
        customers.put(id, updated);
        return SandboxResponse.json(200, updated.toJson());
    }

    private SandboxResponse delete(String id) {
        Customer c = customers.get(id);
        if (c == null || c.deleted) {
            return noSuchCustomer(id);
        }
        Customer tombstone = new Customer(c.id, c.created);
        tombstone.deleted = true; // personal data is gone, only the id remains
        customers.put(id, tombstone);
        return SandboxResponse.json(200, obj("id", id, "object", "customer", "deleted", true));
    }

    // ---- parameters ----

    private static SandboxResponse requireForm(SandboxRequest request) {
        if (!request.body.isEmpty() && !request.hasContentType("application/x-www-form-urlencoded")) {
            return error(400, "invalid_request_error", null, null, "Invalid request: unsupported Content-Type "
                    + request.header("Content-Type") + ". Use application/x-www-form-urlencoded.");
        }
        return null;
    }

    /** Applies form parameters to {@code c}; returns an error response (and leaves the caller to discard c). */
    private static SandboxResponse applyParams(Customer c, List<Map.Entry<String, String>> params) {
        for (Map.Entry<String, String> param : params) {
            String key = param.getKey();
            String value = param.getValue().isEmpty() ? null : param.getValue(); // empty value clears
            Matcher m;
            if (SCALAR_FIELDS.contains(key)) {
                c.fields.put(key, value);
            } else if (key.equals("address") || key.equals("shipping") || key.equals("metadata")) {
                if (value != null) {
                    return error(400, "invalid_request_error", "parameter_invalid_empty", key,
                            "Invalid hash: " + key + " can only be emptied with an empty string");
                }
                if (key.equals("address")) {
                    c.address = null;
                } else if (key.equals("shipping")) {
                    c.shipping = null;
                } else {
                    c.metadata.clear();
                }
            } else if ((m = ADDRESS_PARAM.matcher(key)).matches() && ADDRESS_FIELDS.contains(m.group(1))) {
                if (c.address == null) {
                    c.address = new LinkedHashMap<>();
                }
                c.address.put(m.group(1), value);
            } else if ((m = SHIPPING_PARAM.matcher(key)).matches()) {
                shipping(c).put(m.group(1), value);
            } else if ((m = SHIPPING_ADDRESS_PARAM.matcher(key)).matches() && ADDRESS_FIELDS.contains(m.group(1))) {
                shipping(c).put("address." + m.group(1), value);
            } else if ((m = METADATA_PARAM.matcher(key)).matches()) {
                if (value == null) {
                    c.metadata.remove(m.group(1));
                } else {
                    c.metadata.put(m.group(1), value);
                }
            } else if (!key.startsWith("expand")) {
                return unknownParameter(key);
            }
        }
        return null;
    }

    private static Map<String, String> shipping(Customer c) {
        if (c.shipping == null) {
            c.shipping = new LinkedHashMap<>();
        }
        return c.shipping;
    }

    // ---- auth, errors, headers ----

    private static SandboxResponse authenticate(SandboxRequest request) {
        if (request.header("Authorization") == null) {
            return error(401, "invalid_request_error", null, null, "You did not provide an API key. You need to"
                    + " provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization:"
                    + " Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we"
                    + " can help at https://support.stripe.com/.");
        }
        String token = request.bearerToken();
        if (token == null || !(token.startsWith("sk_") || token.startsWith("rk_"))) {
            return invalidApiKey(token);
        }
        return null;
    }

    private static SandboxResponse invalidApiKey(String token) {
        String shown = token == null ? "" : token.length() <= 8 ? token : token.substring(0, 8) + "*****";
        return error(401, "invalid_request_error", null, null, "Invalid API Key provided: " + shown)
                .header("WWW-Authenticate", "Bearer realm=\"Stripe\"");
    }

    private static SandboxResponse noSuchCustomer(String id) {
        return error(404, "invalid_request_error", "resource_missing", "id", "No such customer: '" + id + "'");
    }

    static SandboxResponse unknownParameter(String name) {
        return error(400, "invalid_request_error", "parameter_unknown", name, "Received unknown parameter: " + name);
    }

    static SandboxResponse error(int status, String type, String code, String param, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        if (code != null) {
            error.put("code", code);
            error.put("doc_url", "https://stripe.com/docs/error-codes/" + code.replace('_', '-'));
        }
        error.put("message", message);
        if (param != null) {
            error.put("param", param);
        }
        error.put("type", type);
        return SandboxResponse.json(status, obj("error", error));
    }

    private static SandboxResponse decorate(SandboxResponse response, String requestedVersion) {
        response.defaultHeader("Request-Id", newId("req_"));
        response.defaultHeader("Stripe-Version", requestedVersion != null ? requestedVersion : DEFAULT_API_VERSION);
        if (response.status >= 400) {
            boolean retry = response.status == 409 || response.status == 429 || response.status >= 500;
            response.defaultHeader("Stripe-Should-Retry", Boolean.toString(retry));
        }
        return response;
    }

    @Override
    Set<Failure> supportedFailures() {
        return EnumSet.complementOf(EnumSet.of(Failure.INSUFFICIENT_QUOTA));
    }

    @Override
    SandboxResponse failure(Failure failure, SandboxRequest request) {
        SandboxResponse response;
        switch (failure) {
            case RATE_LIMITED:
                response = error(429, "invalid_request_error", "rate_limit", null, "Request rate limit exceeded."
                        + " Learn more about rate limits here https://stripe.com/docs/rate-limits.");
                break;
            case IDEMPOTENCY_KEY_IN_USE:
                response = error(409, "invalid_request_error", "idempotency_key_in_use", null, "There is currently"
                        + " another in-progress request using this Idempotent Key (that probably means you submitted"
                        + " twice, and the other request is still going through): "
                        + request.header("Idempotency-Key") + ". Please try again later.");
                break;
            case UNAUTHORIZED:
                response = invalidApiKey(request.bearerToken());
                break;
            case SERVER_ERROR:
            case SERVICE_UNAVAILABLE:
                response = error(failure.status(), "api_error", null, null, "An unknown error occurred. Please"
                        + " retry your request or contact support at https://support.stripe.com/.");
                break;
            case CONNECTION_RESET:
                return SandboxResponse.connectionReset();
            default:
                throw new IllegalArgumentException("Stripe has no " + failure + " failure");
        }
        return decorate(response, request.header("Stripe-Version"));
    }

    // ---- state ----

    synchronized void seedCustomer(String id, String email, String name) {
        if (id == null || !id.startsWith("cus_")) {
            throw new IllegalArgumentException("Stripe customer ids start with cus_: " + id);
        }
        Customer c = new Customer(id, epochSeconds());
        c.fields.put("email", email);
        c.fields.put("name", name);
        customers.remove(id);
        customers.put(id, c);
    }

    /**
     * A customer with any of {@code email}, {@code name}, {@code phone}, {@code description} and address lines
     * {@code address.line1}, {@code address.city}... ({@link #ADDRESS_FIELDS}).
     */
    synchronized void seedCustomer(String id, Map<String, String> values) {
        seedCustomer(id, values.get("email"), values.get("name"));
        Customer c = customers.get(id);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith("address.")) {
                String field = e.getKey().substring("address.".length());
                if (!ADDRESS_FIELDS.contains(field)) {
                    throw new IllegalArgumentException("not a Stripe address field: " + field);
                }
                if (c.address == null) {
                    c.address = new LinkedHashMap<>();
                }
                c.address.put(field, e.getValue());
            } else if (SCALAR_FIELDS.contains(e.getKey())) {
                c.fields.put(e.getKey(), e.getValue());
            } else {
                throw new IllegalArgumentException("not a seedable Stripe customer field: " + e.getKey());
            }
        }
    }

    /** An invoice, charge or payment intent of a customer (see {@link StripeBilling#seed}). */
    synchronized void seedBillingObject(String id, String customer, Map<String, String> personal, String paymentIntent,
                                        boolean redactable) {
        billing.seed(id, customer, personal, paymentIntent, redactable);
    }

    synchronized Map<String, Object> billingObject(String id) {
        return billing.object(id);
    }

    @Override
    @SuppressWarnings("unchecked")
    synchronized void seed(Map<String, Object> spec) {
        String id = requiredString(spec, "id");
        if (id.startsWith("cus_")) {
            seedCustomer(id, optionalString(spec, "email"), optionalString(spec, "name"));
            return;
        }
        Object personal = spec.getOrDefault("fields", Map.of());
        if (!(personal instanceof Map)) {
            throw new IllegalArgumentException("\"fields\" must be an object of strings");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        ((Map<String, Object>) personal).forEach((k, v) -> fields.put(k, v == null ? null : String.valueOf(v)));
        seedBillingObject(id, requiredString(spec, "customer"), fields, optionalString(spec, "payment_intent"),
                !Boolean.FALSE.equals(spec.get("redactable")));
    }

    @Override
    synchronized void reset() {
        customers.clear();
        idempotencyKeys.clear();
        billing.reset();
    }

    @Override
    synchronized Map<String, Object> state() {
        List<Object> list = new ArrayList<>();
        for (Customer c : customers.values()) {
            list.add(c.deleted ? obj("id", c.id, "object", "customer", "deleted", true) : c.toJson());
        }
        Map<String, Object> state = obj("customers", list, "idempotencyKeys", new ArrayList<>(idempotencyKeys.keySet()));
        state.putAll(billing.state());
        return state;
    }

    private static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    static String newId(String prefix) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 14; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private record IdempotentResult(String fingerprint, SandboxResponse response) {
    }

    private static final class Customer {
        final String id;
        final long created;
        boolean deleted;
        final Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> address;
        /** Keys name, phone and address.&lt;field&gt;. */
        Map<String, String> shipping;
        final Map<String, String> metadata = new LinkedHashMap<>();

        Customer(String id, long created) {
            this.id = id;
            this.created = created;
        }

        Customer copy() {
            Customer c = new Customer(id, created);
            c.deleted = deleted;
            c.fields.putAll(fields);
            c.address = address == null ? null : new LinkedHashMap<>(address);
            c.shipping = shipping == null ? null : new LinkedHashMap<>(shipping);
            c.metadata.putAll(metadata);
            return c;
        }

        Map<String, Object> toJson() {
            Object shippingJson = null;
            if (shipping != null) {
                Map<String, String> shippingAddress = new LinkedHashMap<>();
                for (String field : ADDRESS_FIELDS) {
                    shippingAddress.put(field, shipping.get("address." + field));
                }
                shippingJson = obj("address", addressJson(shippingAddress), "name", shipping.get("name"),
                        "phone", shipping.get("phone"));
            }
            return obj("id", id, "object", "customer", "address", addressJson(address), "balance", 0,
                    "created", created, "currency", null, "default_source", null, "delinquent", false,
                    "description", fields.get("description"), "email", fields.get("email"), "livemode", false,
                    "metadata", new LinkedHashMap<>(metadata), "name", fields.get("name"),
                    "phone", fields.get("phone"), "preferred_locales", List.of(), "shipping", shippingJson,
                    "tax_exempt", "none", "test_clock", null);
        }

        private static Map<String, Object> addressJson(Map<String, String> address) {
            if (address == null) {
                return null;
            }
            Map<String, Object> json = new LinkedHashMap<>();
            for (String field : ADDRESS_FIELDS) {
                json.put(field, address.get(field));
            }
            return json;
        }
    }
}
