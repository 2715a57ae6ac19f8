package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.smallrye.mutiny.Uni;
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
 * Stripe (accounting records): they are listed before the deletion (ids only, to be recorded as kept), the
 * confirmation states that exemption, and a redaction job redacts them once their retention ends.
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
    public Uni<TaskEvidence> erase(PartnerObjectType type, String customerId) {
        return Uni.createFrom().deferred(() -> {
            if (type != PartnerObjectType.STRIPE_CUSTOMER) {
                throw new PermanentPartnerException(partner(), 0, null, "unsupported object type " + type.wireName(),
                        DeadReason.UNSUPPORTED);
            }
            requireKey();
            // Before the deletion: what Stripe keeps of the customer (listed by customer id, which stays on the records).
            return listBillingObjects(customerId).flatMap(kept -> gate.call(() -> api.deleteCustomer(customerId))
                    .flatMap(deleted -> {
                        String result;
                        if (deleted.is(200) && deleted.saysDeleted()) {
                            result = TaskEvidence.DELETED;
                        } else if (isResourceMissing(deleted)) {
                            result = TaskEvidence.ALREADY_ABSENT;
                        } else {
                            throw failure("DELETE customer", deleted);
                        }
                        return gate.call(() -> api.getCustomer(customerId)).map(check -> {
                            String verification = deletionReadBack(check);
                            // The ids go to the processor records (kept objects), the counts into the evidence: never their content.
                            return new TaskEvidence(result, DELETE, kept.ids().isEmpty() ? verification
                                    : verification + "; " + kept.describe(), List.of(), kept.ids());
                        });
                    }));
        });
    }

    private String deletionReadBack(PartnerResponse check) {
        if (check.is(200) && check.saysDeleted()) {
            return READ_BACK + " returned deleted=true";
        }
        if (isResourceMissing(check)) {
            return READ_BACK + " returned 404 resource_missing";
        }
        if (check.is(200) && check.json().path("id").isTextual()) {
            gate.unexpected(check);
            throw new TransientPartnerException(partner(), 200, "read-back: customer not deleted yet");
        }
        throw failure("GET customer", check);
    }

    /** Stripe's list endpoints of the billing objects a deleted customer leaves, by object type. */
    static final Map<PartnerObjectType, String> BILLING_PATHS = Map.of(
            PartnerObjectType.STRIPE_INVOICE, "invoices",
            PartnerObjectType.STRIPE_CHARGE, "charges",
            PartnerObjectType.STRIPE_PAYMENT_INTENT, "payment_intents");
    static final List<PartnerObjectType> BILLING_TYPES = List.of(PartnerObjectType.STRIPE_INVOICE,
            PartnerObjectType.STRIPE_CHARGE, PartnerObjectType.STRIPE_PAYMENT_INTENT);
    /** Pages of 100 per type: 10,000 objects of a type for one customer at most are recorded. */
    static final int MAX_BILLING_PAGES = 100;

    /**
     * The ids of a customer's invoices, charges and payment intents, every page ({@code has_more}/{@code starting_after}),
     * one type after the other (at the first failure nothing more is sent).
     */
    private Uni<KeptBillingObjects> listBillingObjects(String customerId) {
        Map<PartnerObjectType, List<String>> ids = new LinkedHashMap<>();
        boolean[] truncated = {false};
        Uni<Void> listed = Uni.createFrom().voidItem();
        for (PartnerObjectType type : BILLING_TYPES) {
            listed = listed.chain(() -> listPages(type, customerId, null, new ArrayList<>(), 0).invoke(pages -> {
                ids.put(type, pages.ids());
                truncated[0] |= pages.more();
            })).replaceWithVoid();
        }
        return listed.map(none -> new KeptBillingObjects(ids, truncated[0]));
    }

    /** One type's ids, from page {@code page} on; {@code more} when pages were left after the last one allowed. */
    private Uni<Listed> listPages(PartnerObjectType type, String customerId, String after, List<String> found, int page) {
        String path = BILLING_PATHS.get(type);
        return gate.call(() -> api.listBillingObjects(path, customerId, 100, after)).flatMap(list -> {
            JsonNode data = list.json().path("data");
            if (!list.is(200) || !data.isArray()) {
                throw failure("GET " + path + " of customer", list);
            }
            for (JsonNode object : data) {
                if (object.path("id").isTextual() && type.acceptsId(object.path("id").asText())) {
                    found.add(object.path("id").asText());
                }
            }
            boolean more = list.json().path("has_more").asBoolean(false) && !data.isEmpty();
            if (more && page + 1 < MAX_BILLING_PAGES) {
                return listPages(type, customerId, data.get(data.size() - 1).path("id").asText(), found, page + 1);
            }
            return Uni.createFrom().item(new Listed(found, more));
        });
    }

    private record Listed(List<String> ids, boolean more) {
    }

    /** What a deleted customer leaves at Stripe, as ids by type (never their content). */
    record KeptBillingObjects(Map<PartnerObjectType, List<String>> byType, boolean truncated) {

        List<String> ids() {
            return byType.values().stream().flatMap(List::stream).toList();
        }

        String describe() {
            List<String> counts = new ArrayList<>();
            byType.forEach((type, ids) -> counts.add(ids.size() + " " + type.wireName()));
            return "kept at Stripe as accounting records (GET /v1/{invoices,charges,payment_intents}?customer=): "
                    + String.join(", ", counts) + (truncated ? " (more than " + MAX_BILLING_PAGES * 100
                    + " of a type: only the first were recorded)" : "");
        }
    }

    static final String CREATE_REDACTION_JOB = "POST /v1/privacy/redaction_jobs";
    static final String GET_REDACTION_JOB = "GET /v1/privacy/redaction_jobs/{id}";

    /** Where each billing object type holds personal data (JSON pointers), compared before and after the redaction. */
    static final Map<PartnerObjectType, List<String>> PERSONAL_FIELDS = Map.of(
            PartnerObjectType.STRIPE_INVOICE, List.of("/customer_email", "/customer_name", "/customer_phone",
                    "/customer_address/line1", "/customer_address/line2", "/customer_address/postal_code",
                    "/customer_address/city", "/customer_shipping/name", "/customer_shipping/phone"),
            PartnerObjectType.STRIPE_CHARGE, List.of("/receipt_email", "/billing_details/email",
                    "/billing_details/name", "/billing_details/phone", "/billing_details/address/line1",
                    "/billing_details/address/line2", "/billing_details/address/postal_code",
                    "/billing_details/address/city", "/shipping/name", "/shipping/phone", "/shipping/address/line1"),
            PartnerObjectType.STRIPE_PAYMENT_INTENT, List.of("/receipt_email", "/shipping/name", "/shipping/phone",
                    "/shipping/address/line1", "/shipping/address/line2", "/shipping/address/postal_code",
                    "/shipping/address/city"));
    static final String REDACTED_PLACEHOLDER = "[redacted]";
    static final String LOCKED_BY_OTHER_JOB = "locked_by_other_job";

    /**
     * Redacts one billing object with a redaction job (public preview): reads the object (gone → already absent;
     * every personal field {@code [redacted]} → already redacted), creates a job for it alone with the task's
     * {@code Idempotency-Key} (a repeated run finds the same job), follows it (validating → ready → run → redacting →
     * succeeded) for at most {@code partners.stripe.redaction.poll-timeout}, then reads the object back: every personal
     * field that had a value must have changed (Stripe shows {@code [redacted]}). Values are compared in memory only.
     * A job failing validation goes DEAD with Stripe's validation codes, except {@code locked_by_other_job} (another
     * job holds the object, e.g. one redacting a related object): validated again and followed.
     */
    @Override
    public Uni<TaskEvidence> redact(PartnerObjectType type, String objectId, String idempotencyKey) {
        return Uni.createFrom().deferred(() -> {
            String path = BILLING_PATHS.get(type);
            if (path == null) {
                throw new PermanentPartnerException(partner(), 0, null, "unsupported object type " + type.wireName(),
                        DeadReason.UNSUPPORTED);
            }
            requireKey();
            String read = "GET /v1/" + path + "/{id}";
            return gate.call(() -> api.getBillingObject(path, objectId)).flatMap(before -> {
                if (isResourceMissing(before)) {
                    return Uni.createFrom().item(new TaskEvidence(TaskEvidence.ALREADY_ABSENT, read,
                            read + " returned 404 resource_missing"));
                }
                if (!before.is(200) || !before.json().path("id").isTextual()) {
                    throw failure("GET " + type.wireName(), before);
                }
                Map<String, String> personal = personalValues(type, before.json());
                if (!personal.isEmpty() && personal.values().stream().allMatch(REDACTED_PLACEHOLDER::equals)) {
                    return Uni.createFrom().item(new TaskEvidence(TaskEvidence.ALREADY_REDACTED, read, read
                            + ": every personal field already reads " + REDACTED_PLACEHOLDER));
                }
                Form form = new Form();
                form.param("objects[" + path + "][]", objectId);
                form.param("validation_behavior", "error");
                return gate.call(() -> api.createRedactionJob(idempotencyKey, form)).flatMap(created -> {
                    if (!created.is(200) || !created.json().path("id").isTextual()) {
                        throw failure("POST redaction job", created);
                    }
                    String jobId = created.json().path("id").asText();
                    long deadline = System.nanoTime() + config.stripe().redaction().pollTimeout().toNanos();
                    return followJob(jobId, idempotencyKey, deadline, false)
                            .chain(() -> gate.call(() -> api.getBillingObject(path, objectId)))
                            .map(after -> redacted(type, path, jobId, personal, after));
                });
            });
        });
    }

    /** The evidence of a redaction once its job succeeded, from the object read back (compared in memory). */
    private TaskEvidence redacted(PartnerObjectType type, String path, String jobId, Map<String, String> personal,
                                  PartnerResponse after) {
        if (!after.is(200) || !after.json().path("id").isTextual()) {
            throw failure("GET " + type.wireName(), after);
        }
        Map<String, String> now = personalValues(type, after.json());
        long unchanged = personal.entrySet().stream()
                .filter(e -> !REDACTED_PLACEHOLDER.equals(e.getValue()) && e.getValue().equals(now.get(e.getKey())))
                .count();
        if (unchanged > 0) {
            gate.unexpected(after);
            throw new TransientPartnerException(partner(), 200, "read-back: " + unchanged + " personal field"
                    + (unchanged == 1 ? "" : "s") + " of the " + type.wireName() + " not redacted yet");
        }
        String action = CREATE_REDACTION_JOB + " (objects[" + path + "], Idempotency-Key per task), then run";
        String verification = "redaction job " + jobId + " succeeded; GET /v1/" + path + "/{id}: " + (personal.isEmpty()
                ? "no personal field held a value"
                : personal.size() + " personal field" + (personal.size() == 1 ? "" : "s") + " redacted");
        return new TaskEvidence(TaskEvidence.REDACTED, action, verification);
    }

    /**
     * Follows a job until it succeeded (runs it once ready), or fails the run; between two reads of a job Stripe works
     * on, a timer of {@code poll-interval}, not a thread, waits.
     */
    private Uni<Void> followJob(String jobId, String idempotencyKey, long deadline, boolean revalidated) {
        return gate.call(() -> api.getRedactionJob(jobId)).flatMap(job -> {
            String status = job.json().path("status").asText("");
            if (!job.is(200) || status.isEmpty()) {
                throw failure("GET redaction job", job);
            }
            return switch (status) {
                case "succeeded" -> Uni.createFrom().voidItem();
                case "ready" -> gate.call(() -> api.actOnRedactionJob(jobId, "run", idempotencyKey + "-run", new Form()))
                        .flatMap(run -> {
                            if (!run.is(200)) {
                                throw failure("POST redaction job run", run);
                            }
                            return followJob(jobId, idempotencyKey, deadline, revalidated);
                        });
                case "failed" -> validationErrorCodes(jobId).flatMap(codes -> {
                    boolean onlyLocked = !codes.isEmpty() && codes.stream().allMatch(LOCKED_BY_OTHER_JOB::equals);
                    if (onlyLocked && !revalidated) {
                        // Another job holds the object (e.g. one redacting a related object): validate again. No
                        // Idempotency-Key: a replayed answer would not validate anew on a later run.
                        return gate.call(() -> api.actOnRedactionJob(jobId, "validate", null, new Form()))
                                .flatMap(validate -> {
                                    if (!validate.is(200)) {
                                        throw failure("POST redaction job validate", validate);
                                    }
                                    return followJob(jobId, idempotencyKey, deadline, true);
                                });
                    }
                    if (onlyLocked) {
                        throw new TransientPartnerException(partner(), 200, LOCKED_BY_OTHER_JOB,
                                "redaction job failed validation: the object is held by another redaction job", null);
                    }
                    throw new PermanentPartnerException(partner(), 200, codes.isEmpty() ? "validation_failed" : codes.get(0),
                            "redaction job failed validation: " + (codes.isEmpty() ? "no validation error listed"
                                    : String.join(", ", new java.util.TreeSet<>(codes))), DeadReason.PARTNER_REJECTED);
                });
                case "canceled", "canceling" -> throw new PermanentPartnerException(partner(), 200, status,
                        "redaction job " + status + " at Stripe (by someone else)", DeadReason.PARTNER_REJECTED);
                default -> {
                    // created, validating, redacting: Stripe works in the background.
                    PartnersConfig.Stripe.Redaction polling = config.stripe().redaction();
                    if (System.nanoTime() - deadline > 0) {
                        throw new TransientPartnerException(partner(), 200, status, "redaction job still " + status
                                + " after " + polling.pollTimeout(), null);
                    }
                    yield Uni.createFrom().voidItem().onItem().delayIt().by(atLeastOneMilli(polling.pollInterval()))
                            .chain(() -> followJob(jobId, idempotencyKey, deadline, revalidated));
                }
            };
        });
    }

    /** Vert.x, Mutiny's timer here, refuses delays under a millisecond. */
    private static java.time.Duration atLeastOneMilli(java.time.Duration delay) {
        return delay.toMillis() < 1 ? java.time.Duration.ofMillis(1) : delay;
    }

    private Uni<List<String>> validationErrorCodes(String jobId) {
        return gate.call(() -> api.listRedactionJobValidationErrors(jobId, 100)).map(errors -> {
            JsonNode data = errors.json().path("data");
            if (!errors.is(200) || !data.isArray()) {
                throw failure("GET redaction job validation errors", errors);
            }
            List<String> codes = new ArrayList<>();
            data.forEach(error -> Optional.ofNullable(PartnerErrors.code(error.path("code"))).ifPresent(codes::add));
            return codes;
        });
    }

    /** The object's personal fields that hold a value (in memory for one run: never stored or logged). */
    private static Map<String, String> personalValues(PartnerObjectType type, JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pointer : PERSONAL_FIELDS.get(type)) {
            text(object.at(pointer)).ifPresent(v -> values.put(pointer, v));
        }
        return values;
    }

    /**
     * Rectifies one customer: {@code email} and {@code phone} as given; {@code name} (one field at Stripe) only when
     * both halves are corrected, as "first last". Sent form-encoded with {@code idempotencyKey}, stable per task, so a
     * run repeated after a crash replays the first answer instead of applying twice. Then reads the customer back and
     * compares each sent field by hash.
     */
    @Override
    public Uni<TaskEvidence> rectify(String customerId, RectificationValues values, String idempotencyKey) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            return rectifyCustomer(customerId, values, idempotencyKey);
        });
    }

    private Uni<TaskEvidence> rectifyCustomer(String customerId, RectificationValues values, String idempotencyKey) {
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
            return Uni.createFrom().item(new TaskEvidence(TaskEvidence.PARTIALLY_RECTIFIED, null,
                    "nothing sent: only one half of the name was corrected and Stripe keeps one name field", fields));
        }
        Form form = new Form();
        params.forEach(form::param);

        return gate.call(() -> api.updateCustomer(customerId, idempotencyKey, form)).flatMap(updated -> {
            if (isResourceMissing(updated)) {
                return Uni.createFrom().item(new TaskEvidence(TaskEvidence.OBJECT_ABSENT, UPDATE, UPDATE
                        + " returned 404 resource_missing: the customer no longer exists", List.of()));
            }
            if (!updated.is(200) || !updated.json().path("id").isTextual()) {
                throw failure("POST customer", updated);
            }
            return gate.call(() -> api.getCustomer(customerId)).map(check -> rectified(check, params, fields));
        });
    }

    /** The evidence of a rectification from the customer read back: each sent field compared by hash. */
    private TaskEvidence rectified(PartnerResponse check, Map<String, String> params, List<FieldResult> fields) {
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
    public Uni<TaskEvidence> findByEmail(List<String> emails) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            java.util.LinkedHashSet<String> variants = new java.util.LinkedHashSet<>();
            emails.forEach(e -> {
                variants.add(e);
                variants.add(e.toLowerCase(java.util.Locale.ROOT));
            });
            java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
            // One address form after the other, each page after the other: at the first failure nothing more is sent.
            Uni<Void> listed = Uni.createFrom().voidItem();
            for (String email : variants) {
                listed = listed.chain(() -> customersByEmail(email, null, 0, found));
            }
            return listed.map(none -> lookedUp(variants.size(), found));
        });
    }

    /** Adds the customers of one address form to {@code found}, from page {@code page} on. */
    private Uni<Void> customersByEmail(String email, String after, int page, java.util.Set<String> found) {
        return gate.call(() -> api.listCustomers(email, 100, after)).flatMap(list -> {
            JsonNode data = list.json().path("data");
            if (!list.is(200) || !data.isArray()) {
                throw failure("GET customers by email", list);
            }
            for (JsonNode customer : data) {
                if (customer.path("id").isTextual() && !customer.path("deleted").asBoolean(false)) {
                    found.add(customer.path("id").asText());
                }
            }
            if (!list.json().path("has_more").asBoolean(false) || data.isEmpty() || page + 1 >= MAX_LOOKUP_PAGES) {
                return Uni.createFrom().voidItem();
            }
            return customersByEmail(email, data.get(data.size() - 1).path("id").asText(), page + 1, found);
        });
    }

    private static TaskEvidence lookedUp(int forms, java.util.Set<String> found) {
        return new TaskEvidence(TaskEvidence.LOOKED_UP, LIST_BY_EMAIL, LIST_BY_EMAIL + " (" + forms
                + " address form" + (forms == 1 ? "" : "s") + "): " + found.size() + " customer"
                + (found.size() == 1 ? "" : "s") + " found", List.of(), List.copyOf(found));
    }

    static final String EXPORT_NOTICE = "Billing records Stripe keeps as accounting records after a customer's "
            + "erasure (invoices, charges, payment intents) are listed from the processor records; their content is not "
            + "read back.";

    /** Only the billing objects kept at an erasure are not read (customers are). */
    @Override
    public Optional<String> exportNotReadNotice() {
        return Optional.of(EXPORT_NOTICE);
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
    public Uni<PartnerRead> readForExport(String customerId) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            return gate.call(() -> api.getCustomer(customerId)).map(this::exportRead);
        });
    }

    private PartnerRead exportRead(PartnerResponse read) {
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
