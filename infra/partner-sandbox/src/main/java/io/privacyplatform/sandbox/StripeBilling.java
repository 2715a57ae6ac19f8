package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Jsons.obj;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's accounting records of a customer and their redaction (public preview): invoices, charges and payment
 * intents, listed by {@code customer=} and retrieved by id; and redaction jobs ({@code /v1/privacy/redaction_jobs}):
 * create, retrieve, validate, run, cancel, list validation errors. Deleting a customer leaves these records (and
 * their billing details) in place, as at Stripe. Jobs progress one step each time they are retrieved (created →
 * validating → ready or failed; redacting → succeeded), so a client has to poll as it would at Stripe. Not thread-safe
 * on its own: {@link StripeSimulator} calls it under its lock.
 */
final class StripeBilling {

    static final String REDACTED = "[redacted]";
    /** Stripe's documented limit of object identifiers in one new job. */
    static final int MAX_JOB_OBJECTS = 10;

    /** The billing object types, by the path segment (and the job's {@code objects[...]} key) that names them. */
    enum Type {
        INVOICE("invoices", "invoice", "in_", List.of("customer_email", "customer_name", "customer_phone",
                "customer_address.line1", "customer_address.city", "customer_address.postal_code")),
        CHARGE("charges", "charge", "ch_", List.of("receipt_email", "billing_details.email", "billing_details.name",
                "billing_details.phone", "billing_details.address.line1", "billing_details.address.city")),
        PAYMENT_INTENT("payment_intents", "payment_intent", "pi_", List.of("receipt_email", "shipping.name",
                "shipping.phone", "shipping.address.line1", "shipping.address.city"));

        final String plural;
        final String object;
        final String prefix;
        /** Dotted paths of the fields that hold personal data (nested objects in JSON). */
        final List<String> personalFields;

        Type(String plural, String object, String prefix, List<String> personalFields) {
            this.plural = plural;
            this.object = object;
            this.prefix = prefix;
            this.personalFields = personalFields;
        }

        static Type ofPlural(String plural) {
            for (Type t : values()) {
                if (t.plural.equals(plural)) {
                    return t;
                }
            }
            return null;
        }

        static Type ofId(String id) {
            for (Type t : values()) {
                if (id.startsWith(t.prefix) || (t == CHARGE && id.startsWith("py_"))) {
                    return t;
                }
            }
            return null;
        }
    }

    private static final Set<String> LIST_PARAMS = Set.of("customer", "limit", "starting_after", "ending_before");
    /** Job object kinds Stripe documents; those the sandbox does not model are validated as {@code invalid_state}. */
    private static final Set<String> JOB_OBJECT_KINDS = Set.of("charges", "checkout_sessions", "customers",
            "identity_verification_sessions", "invoices", "issuing_cardholders", "payment_intents",
            "radar_value_list_items", "setup_intents");
    private static final Pattern JOB_OBJECT_PARAM = Pattern.compile("objects\\[([a-z_]+)](?:\\[\\d*])?");

    private final Map<String, BillingObject> objects = new LinkedHashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Consumer<String> redactCustomer;
    private final java.util.function.Predicate<String> customerExists;

    /**
     * @param redactCustomer called when a job redacts a customer (its own fields; this class redacts its records)
     * @param customerExists whether a customer id is known (deleted or not)
     */
    StripeBilling(Consumer<String> redactCustomer, java.util.function.Predicate<String> customerExists) {
        this.redactCustomer = redactCustomer;
        this.customerExists = customerExists;
    }

    /** Whether this class answers the request's path. */
    static boolean handles(SandboxRequest request) {
        List<String> s = request.segments;
        if (s.size() < 2 || !s.get(0).equals("v1")) {
            return false;
        }
        return Type.ofPlural(s.get(1)) != null
                || (s.size() >= 3 && s.get(1).equals("privacy") && s.get(2).equals("redaction_jobs"));
    }

    SandboxResponse route(SandboxRequest request) {
        List<String> s = request.segments;
        Type type = Type.ofPlural(s.get(1));
        if (type != null) {
            if (s.size() == 2 && request.method.equals("GET")) {
                return list(type, request);
            }
            if (s.size() == 3 && request.method.equals("GET")) {
                BillingObject o = objects.get(s.get(2));
                return o == null || o.type != type ? noSuch(type.object, s.get(2)) : SandboxResponse.json(200, o.toJson());
            }
            return StripeSimulator.unrecognized(request);
        }
        if (s.size() == 3 && request.method.equals("POST")) {
            return createJob(request);
        }
        if (s.size() == 3 && request.method.equals("GET")) {
            List<Object> data = new ArrayList<>();
            jobs.values().forEach(j -> data.add(0, j.toJson()));
            return SandboxResponse.json(200, obj("object", "list", "data", data, "has_more", false,
                    "url", "/v1/privacy/redaction_jobs"));
        }
        Job job = s.size() >= 4 ? jobs.get(s.get(3)) : null;
        if (job == null) {
            return s.size() >= 4 ? StripeSimulator.error(404, "invalid_request_error", "resource_missing", "job",
                    "No such redaction job: '" + s.get(3) + "'") : StripeSimulator.unrecognized(request);
        }
        if (s.size() == 4 && request.method.equals("GET")) {
            advance(job);
            return SandboxResponse.json(200, job.toJson());
        }
        if (s.size() == 5 && request.method.equals("GET") && s.get(4).equals("validation_errors")) {
            List<Object> data = new ArrayList<>(job.errors);
            return SandboxResponse.json(200, obj("object", "list", "data", data, "has_more", false,
                    "url", "/v1/privacy/redaction_jobs/" + job.id + "/validation_errors"));
        }
        if (s.size() == 5 && request.method.equals("POST")) {
            switch (s.get(4)) {
                case "run":
                    if (!job.status.equals("ready")) {
                        return wrongStatus(job, "run", "ready");
                    }
                    job.status = "redacting";
                    return SandboxResponse.json(200, job.toJson());
                case "validate":
                    if (!job.status.equals("failed")) {
                        return wrongStatus(job, "validate", "failed");
                    }
                    job.status = "validating";
                    job.errors.clear();
                    return SandboxResponse.json(200, job.toJson());
                case "cancel":
                    if (!job.status.equals("ready") && !job.status.equals("failed")) {
                        return wrongStatus(job, "cancel", "ready or failed");
                    }
                    job.status = "canceled";
                    return SandboxResponse.json(200, job.toJson());
                default:
                    break;
            }
        }
        return StripeSimulator.unrecognized(request);
    }

    // ---- lists and objects ----

    private SandboxResponse list(Type type, SandboxRequest request) {
        for (String name : request.queryNames()) {
            if (!LIST_PARAMS.contains(name) && !name.startsWith("expand") && !name.startsWith("created")) {
                return StripeSimulator.unknownParameter(name);
            }
        }
        int limit = 10;
        if (request.query("limit") != null) {
            try {
                limit = Integer.parseInt(request.query("limit"));
            } catch (NumberFormatException e) {
                return StripeSimulator.error(400, "invalid_request_error", "parameter_invalid_integer", "limit",
                        "Invalid integer: " + request.query("limit"));
            }
            if (limit < 1 || limit > 100) {
                return StripeSimulator.error(400, "invalid_request_error", null, "limit",
                        "This value must be greater than or equal to 1 and less than or equal to 100.");
            }
        }
        String customer = request.query("customer");
        List<BillingObject> ordered = new ArrayList<>();
        for (BillingObject o : objects.values()) {
            if (o.type == type && (customer == null || customer.equals(o.customer))) {
                ordered.add(0, o); // newest first
            }
        }
        String after = request.query("starting_after");
        int from = 0;
        if (after != null) {
            BillingObject cursor = objects.get(after);
            if (cursor == null || cursor.type != type) {
                return StripeSimulator.error(400, "invalid_request_error", "resource_missing", "starting_after",
                        "No such " + type.object + ": '" + after + "'");
            }
            from = ordered.indexOf(cursor) + 1; // 0 when the cursor is outside the filtered list
        }
        List<Object> data = new ArrayList<>();
        for (int i = from; i < Math.min(ordered.size(), from + limit); i++) {
            data.add(ordered.get(i).toJson());
        }
        return SandboxResponse.json(200, obj("object", "list", "data", data,
                "has_more", from + limit < ordered.size(), "url", "/v1/" + type.plural));
    }

    // ---- redaction jobs ----

    private SandboxResponse createJob(SandboxRequest request) {
        if (!request.body.isEmpty() && !request.hasContentType("application/x-www-form-urlencoded")) {
            return StripeSimulator.error(400, "invalid_request_error", null, null,
                    "Invalid request: unsupported Content-Type. Use application/x-www-form-urlencoded.");
        }
        Map<String, List<String>> requested = new LinkedHashMap<>();
        String behavior = "error";
        for (Map.Entry<String, String> param : FormCodec.decode(request.body)) {
            Matcher m = JOB_OBJECT_PARAM.matcher(param.getKey());
            if (m.matches()) {
                if (!JOB_OBJECT_KINDS.contains(m.group(1))) {
                    return StripeSimulator.unknownParameter(param.getKey());
                }
                requested.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(param.getValue());
            } else if (param.getKey().equals("validation_behavior")) {
                if (!param.getValue().equals("error") && !param.getValue().equals("fix")) {
                    return StripeSimulator.error(400, "invalid_request_error", null, "validation_behavior",
                            "Invalid validation_behavior: must be one of error, fix");
                }
                behavior = param.getValue();
            } else if (!param.getKey().startsWith("expand")) {
                return StripeSimulator.unknownParameter(param.getKey());
            }
        }
        if (requested.isEmpty()) {
            return StripeSimulator.error(400, "invalid_request_error", "parameter_missing", "objects",
                    "Missing required param: objects.");
        }
        Job job = new Job(StripeSimulator.newId("prj_"), behavior, requested);
        jobs.put(job.id, job);
        return SandboxResponse.json(200, job.toJson());
    }

    /** One step of the job's life per retrieval, as Stripe's background work would make it. */
    private void advance(Job job) {
        switch (job.status) {
            case "created":
                job.status = "validating";
                break;
            case "validating":
                validate(job);
                job.status = job.errors.isEmpty() ? "ready" : "failed";
                break;
            case "redacting":
                redact(job);
                job.status = "succeeded";
                break;
            case "canceling":
                job.status = "canceled";
                break;
            default:
                break;
        }
    }

    private void validate(Job job) {
        job.errors.clear();
        int count = job.requested.values().stream().mapToInt(List::size).sum();
        if (count > MAX_JOB_OBJECTS) {
            job.errors.add(validationError(job, "too_many_objects", null, null, "This job has " + count
                    + " objects; at most " + MAX_JOB_OBJECTS + " can be redacted in one job."));
            return;
        }
        for (Map.Entry<String, List<String>> kind : job.requested.entrySet()) {
            for (String id : kind.getValue()) {
                String objectType = kind.getKey().equals("customers") ? "customer"
                        : Type.ofPlural(kind.getKey()) != null ? Type.ofPlural(kind.getKey()).object : kind.getKey();
                if (kind.getKey().equals("customers")) {
                    if (!customerExists.test(id)) {
                        job.errors.add(validationError(job, "invalid_state", id, objectType, "No such customer."));
                    }
                    continue;
                }
                BillingObject o = objects.get(id);
                if (o == null || !o.type.plural.equals(kind.getKey())) {
                    job.errors.add(validationError(job, "invalid_state", id, objectType,
                            "The object does not exist or cannot be redacted."));
                } else if (!o.redactable) {
                    job.errors.add(validationError(job, "invalid_state", id, objectType,
                            "The object cannot be redacted in its current state."));
                } else if (lockedByOtherJob(job, id)) {
                    job.errors.add(validationError(job, "locked_by_other_job", id, objectType,
                            "The object is used in another redaction job."));
                }
            }
        }
    }

    /** Held by a job that is ready or redacting it, or by an older job still validating it. */
    private boolean lockedByOtherJob(Job job, String id) {
        boolean older = true;
        for (Job other : jobs.values()) {
            if (other == job) {
                older = false;
                continue;
            }
            boolean holds = other.status.equals("ready") || other.status.equals("redacting")
                    || (older && other.status.equals("validating"));
            if (holds && other.covers(id)) {
                return true;
            }
        }
        return false;
    }

    /** Redacts the job's objects and their related ones (a customer's records, a payment intent's charges). */
    private void redact(Job job) {
        Set<String> targets = new LinkedHashSet<>();
        for (Map.Entry<String, List<String>> kind : job.requested.entrySet()) {
            for (String id : kind.getValue()) {
                if (kind.getKey().equals("customers")) {
                    redactCustomer.accept(id);
                    objects.values().stream().filter(o -> id.equals(o.customer)).forEach(o -> targets.add(o.id));
                } else {
                    targets.add(id);
                    objects.values().stream().filter(o -> id.equals(o.paymentIntent)).forEach(o -> targets.add(o.id));
                }
            }
        }
        for (String id : targets) {
            BillingObject o = objects.get(id);
            if (o != null) {
                o.fields.replaceAll((k, v) -> v == null ? null : REDACTED);
                o.redacted = true;
            }
        }
    }

    private static Map<String, Object> validationError(Job job, String code, String id, String objectType,
                                                       String message) {
        return obj("id", StripeSimulator.newId("prjve_"), "object", "privacy.redaction_job_validation_error",
                "code", code, "erroring_object", id == null ? null : obj("id", id, "object_type", objectType),
                "message", message);
    }

    private static SandboxResponse wrongStatus(Job job, String action, String expected) {
        return StripeSimulator.error(400, "invalid_request_error", null, null, "You can only " + action
                + " a redaction job in status " + expected + "; this job is " + job.status + ".");
    }

    private static SandboxResponse noSuch(String object, String id) {
        return StripeSimulator.error(404, "invalid_request_error", "resource_missing", "id",
                "No such " + object + ": '" + id + "'");
    }

    // ---- state ----

    /**
     * A billing object of {@code customer} with personal fields (dotted paths of {@link Type#personalFields}).
     * {@code redactable=false} makes a redaction job fail validation with {@code invalid_state}.
     */
    void seed(String id, String customer, Map<String, String> personal, String paymentIntent, boolean redactable) {
        Type type = Type.ofId(id);
        if (type == null) {
            throw new IllegalArgumentException("not an invoice (in_), charge (ch_, py_) or payment intent (pi_) id: "
                    + id);
        }
        BillingObject o = new BillingObject(id, type, customer, System.currentTimeMillis() / 1000);
        for (String field : type.personalFields) {
            o.fields.put(field, personal.get(field));
        }
        for (String key : personal.keySet()) {
            if (!type.personalFields.contains(key)) {
                throw new IllegalArgumentException("not a personal field of a Stripe " + type.object + ": " + key);
            }
        }
        o.paymentIntent = paymentIntent;
        o.redactable = redactable;
        objects.remove(id);
        objects.put(id, o);
    }

    Map<String, Object> object(String id) {
        BillingObject o = objects.get(id);
        return o == null ? null : o.toJson();
    }

    void reset() {
        objects.clear();
        jobs.clear();
    }

    Map<String, Object> state() {
        List<Object> billing = new ArrayList<>();
        objects.values().forEach(o -> billing.add(o.toJson()));
        List<Object> jobList = new ArrayList<>();
        jobs.values().forEach(j -> jobList.add(j.toJson()));
        return obj("billingObjects", billing, "redactionJobs", jobList);
    }

    private static final class BillingObject {
        final String id;
        final Type type;
        final String customer;
        final long created;
        final Map<String, String> fields = new LinkedHashMap<>();
        String paymentIntent;
        boolean redactable = true;
        boolean redacted;

        BillingObject(String id, Type type, String customer, long created) {
            this.id = id;
            this.type = type;
            this.customer = customer;
            this.created = created;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = obj("id", id, "object", type.object, "amount", 1000, "currency", "eur",
                    "created", created, "customer", customer, "livemode", false);
            if (type == Type.CHARGE) {
                json.put("payment_intent", paymentIntent);
            }
            for (Map.Entry<String, String> field : fields.entrySet()) {
                put(json, field.getKey().split("\\."), 0, field.getValue());
            }
            return json;
        }

        @SuppressWarnings("unchecked")
        private static void put(Map<String, Object> json, String[] path, int i, String value) {
            if (i == path.length - 1) {
                json.put(path[i], value);
                return;
            }
            Object child = json.get(path[i]);
            if (!(child instanceof Map)) {
                child = new LinkedHashMap<String, Object>();
                json.put(path[i], child);
            }
            put((Map<String, Object>) child, path, i + 1, value);
        }
    }

    private static final class Job {
        final String id;
        final long created = System.currentTimeMillis() / 1000;
        final String behavior;
        final Map<String, List<String>> requested;
        final List<Map<String, Object>> errors = new ArrayList<>();
        String status = "validating"; // documented: "When a job is created, it will start to validate."

        Job(String id, String behavior, Map<String, List<String>> requested) {
            this.id = id;
            this.behavior = behavior;
            this.requested = requested;
        }

        boolean covers(String objectId) {
            return requested.values().stream().anyMatch(ids -> ids.contains(objectId));
        }

        Map<String, Object> toJson() {
            Map<String, Object> objectsJson = new LinkedHashMap<>();
            for (String kind : List.of("charges", "checkout_sessions", "customers", "identity_verification_sessions",
                    "invoices", "issuing_cardholders", "payment_intents", "radar_value_list_items", "setup_intents")) {
                objectsJson.put(kind, requested.containsKey(kind) ? new ArrayList<>(requested.get(kind)) : null);
            }
            return obj("id", id, "object", "privacy.redaction_job", "created", created, "livemode", false,
                    "objects", objectsJson, "status", status, "validation_behavior", behavior);
        }
    }
}
