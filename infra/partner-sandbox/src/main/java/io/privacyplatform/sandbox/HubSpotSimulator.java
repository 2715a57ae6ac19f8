package io.privacyplatform.sandbox;

import static io.privacyplatform.sandbox.Jsons.obj;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HubSpot CRM contacts (search, read, create, update, archive, GDPR delete) and communication preferences
 * (unsubscribe-all, one subscription, read). Paths are accepted both in the legacy form ({@code /crm/v3/objects/contacts},
 * {@code /communication-preferences/v4}) and the date-versioned one ({@code /crm/objects/2026-03/contacts},
 * {@code /communication-preferences/2026-03}).
 */
final class HubSpotSimulator extends PartnerSimulator {

    static final int TEN_SECONDLY_MAX = 190;
    static final int DAILY_MAX = 500_000;

    /** Contact properties that exist in the sandbox portal; others are rejected like HubSpot does. */
    private static final Set<String> WRITABLE_PROPERTIES = Set.of("email", "firstname", "lastname", "phone",
            "mobilephone", "address", "city", "state", "zip", "country", "company", "jobtitle", "website",
            "lifecyclestage", "hs_language");
    private static final Set<String> READ_ONLY_PROPERTIES = Set.of("createdate", "lastmodifieddate", "hs_object_id");
    private static final List<String> DEFAULT_PROPERTIES =
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname");
    /** Subscription types of the sandbox portal (id to name). */
    private static final Map<Long, String> SUBSCRIPTIONS = new TreeMap<>(Map.of(
            1L, "Marketing Information", 2L, "One to One"));

    private final Map<String, Contact> contacts = new LinkedHashMap<>();
    private final Set<String> blocklistedEmails = new LinkedHashSet<>();
    /** Lower-case email to subscription id to status (SUBSCRIBED, NOT_SUBSCRIBED). */
    private final Map<String, Map<Long, Map<String, Object>>> subscriptionStatuses = new LinkedHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1001);
    private long requestsToday;

    @Override
    Partner partner() {
        return Partner.HUBSPOT;
    }

    @Override
    synchronized SandboxResponse handle(SandboxRequest request) {
        requestsToday++;
        SandboxResponse response = request.bearerToken() == null ? unauthenticated(false) : route(request);
        return decorate(response, request);
    }

    private SandboxResponse route(SandboxRequest request) {
        List<String> s = request.segments;
        int contactsAt = contactsSegmentIndex(s);
        if (contactsAt > 0) {
            int rest = s.size() - contactsAt - 1;
            String next = rest >= 1 ? s.get(contactsAt + 1) : null;
            if (rest == 0 && request.method.equals("POST")) {
                return create(request);
            }
            if (rest == 1 && request.method.equals("POST") && next.equals("search")) {
                return search(request);
            }
            if (rest == 1 && request.method.equals("POST") && next.equals("gdpr-delete")) {
                return gdprDelete(request);
            }
            if (rest == 1) {
                switch (request.method) {
                    case "GET": return read(next, request);
                    case "PATCH": return update(next, request);
                    case "DELETE": return archive(next);
                    default: break;
                }
            }
        }
        if (s.size() >= 4 && s.get(0).equals("communication-preferences") && isVersion(s.get(1), "v4")
                && s.get(2).equals("statuses")) {
            String email = s.get(3);
            if (s.size() == 5 && s.get(4).equals("unsubscribe-all") && request.method.equals("POST")) {
                return unsubscribeAll(email, request);
            }
            if (s.size() == 4 && request.method.equals("POST")) {
                return updateSubscription(email, request);
            }
            if (s.size() == 4 && request.method.equals("GET")) {
                return readSubscriptions(email, request);
            }
        }
        return error(404, "OBJECT_NOT_FOUND", "Unable to route " + request.method + " " + request.path, null);
    }

    /** Index of "contacts" in /crm/v3/objects/contacts or /crm/objects/YYYY-MM/contacts, or -1. */
    private static int contactsSegmentIndex(List<String> s) {
        if (s.size() >= 4 && s.get(0).equals("crm")) {
            if (s.get(1).equals("v3") && s.get(2).equals("objects") && s.get(3).equals("contacts")) {
                return 3;
            }
            if (s.get(1).equals("objects") && isVersion(s.get(2), null) && s.get(3).equals("contacts")) {
                return 3;
            }
        }
        return -1;
    }

    private static boolean isVersion(String segment, String legacy) {
        return segment.equals(legacy) || segment.matches("\\d{4}-\\d{2}");
    }

    // ---- contacts ----

    private SandboxResponse search(SandboxRequest request) {
        Map<String, Object> body;
        try {
            body = jsonBody(request);
        } catch (BadRequest e) {
            return e.response;
        }
        List<Map<String, Object>> groups = listOfObjects(body.get("filterGroups"));
        if (groups == null) {
            return validation("Invalid input JSON: filterGroups must be a list of objects");
        }
        int limit = 10;
        if (body.get("limit") != null) {
            limit = body.get("limit") instanceof Number ? ((Number) body.get("limit")).intValue() : -1;
            if (limit < 1 || limit > 200) {
                return validation("limit must be between 1 and 200");
            }
        }
        int offset = 0;
        if (body.get("after") != null) {
            try {
                offset = Integer.parseInt(String.valueOf(body.get("after")));
            } catch (NumberFormatException e) {
                return validation("after must be a paging cursor returned by a previous search");
            }
        }
        List<String> properties = stringList(body.get("properties"));
        List<Contact> matches = new ArrayList<>();
        for (Contact c : contacts.values()) {
            if (c.archived) {
                continue;
            }
            Boolean match = groups.isEmpty() ? Boolean.TRUE : null;
            for (Map<String, Object> group : groups) {
                List<Map<String, Object>> filters = listOfObjects(group.get("filters"));
                if (filters == null) {
                    return validation("Invalid input JSON: filters must be a list of objects");
                }
                boolean all = true;
                for (Map<String, Object> filter : filters) {
                    String operator = String.valueOf(filter.get("operator"));
                    if (!Set.of("EQ", "NEQ", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "IN").contains(operator)) {
                        return validation("The sandbox supports the operators EQ, NEQ, HAS_PROPERTY,"
                                + " NOT_HAS_PROPERTY and IN, not " + operator);
                    }
                    all &= matches(c, operator, String.valueOf(filter.get("propertyName")), filter);
                }
                if (all) {
                    match = Boolean.TRUE;
                }
            }
            if (Boolean.TRUE.equals(match)) {
                matches.add(c);
            }
        }
        List<Object> results = new ArrayList<>();
        for (int i = offset; i < Math.min(matches.size(), offset + limit); i++) {
            results.add(matches.get(i).toJson(properties.isEmpty() ? DEFAULT_PROPERTIES : withDefaults(properties)));
        }
        Map<String, Object> json = obj("total", matches.size(), "results", results);
        if (offset + limit < matches.size()) {
            json.put("paging", obj("next", obj("after", String.valueOf(offset + limit))));
        }
        return json(200, json);
    }

    private static boolean matches(Contact c, String operator, String property, Map<String, Object> filter) {
        String actual = c.properties.get(property);
        switch (operator) {
            case "EQ": return actual != null && actual.equalsIgnoreCase(String.valueOf(filter.get("value")));
            case "NEQ": return actual == null || !actual.equalsIgnoreCase(String.valueOf(filter.get("value")));
            case "HAS_PROPERTY": return actual != null;
            case "NOT_HAS_PROPERTY": return actual == null;
            default: // IN
                for (String value : stringList(filter.get("values"))) {
                    if (value.equalsIgnoreCase(actual)) {
                        return true;
                    }
                }
                return false;
        }
    }

    private SandboxResponse read(String idOrEmail, SandboxRequest request) {
        boolean archived = "true".equalsIgnoreCase(request.query("archived"));
        Contact c = find(idOrEmail, request.query("idProperty"));
        if (c == null || c.archived != archived) {
            return notFound(idOrEmail);
        }
        List<String> properties = new ArrayList<>();
        for (String value : request.queryAll("properties")) {
            for (String p : value.split(",")) {
                if (!p.isBlank()) {
                    properties.add(p.trim());
                }
            }
        }
        return json(200, c.toJson(properties.isEmpty() ? DEFAULT_PROPERTIES : withDefaults(properties)));
    }

    private SandboxResponse create(SandboxRequest request) {
        Map<String, String> properties;
        try {
            properties = propertiesBody(request);
        } catch (BadRequest e) {
            return e.response;
        }
        String email = properties.get("email");
        if (email != null) {
            if (blocklistedEmails.contains(email.toLowerCase(Locale.ROOT))) {
                return validation("Contact cannot be created: " + email + " was permanently deleted (GDPR)"
                        + " and is blocklisted");
            }
            Contact existing = find(email, "email");
            if (existing != null) {
                return error(409, "CONFLICT", "Contact already exists. Existing ID: " + existing.id, null);
            }
        }
        Contact c = new Contact(String.valueOf(nextId.getAndIncrement()));
        c.apply(properties);
        contacts.put(c.id, c);
        return json(201, c.toJson(withDefaults(new ArrayList<>(c.properties.keySet()))));
    }

    private SandboxResponse update(String idOrEmail, SandboxRequest request) {
        Contact c = find(idOrEmail, request.query("idProperty"));
        if (c == null || c.archived) {
            return notFound(idOrEmail);
        }
        Map<String, String> properties;
        try {
            properties = propertiesBody(request);
        } catch (BadRequest e) {
            return e.response;
        }
        String email = properties.get("email");
        if (email != null) {
            // The address of another contact: HubSpot keeps emails unique per contact (409, nothing applied).
            Contact owner = find(email, "email");
            if (owner != null && !owner.id.equals(c.id)) {
                return error(409, "CONFLICT", "Contact already exists. Existing ID: " + owner.id, null);
            }
        }
        c.apply(properties);
        return json(200, c.toJson(withDefaults(new ArrayList<>(c.properties.keySet()))));
    }

    /** Plain DELETE only archives: the contact stays readable with archived=true and is restorable. */
    private SandboxResponse archive(String id) {
        Contact c = contacts.get(id);
        if (c == null) {
            return notFound(id);
        }
        if (!c.archived) {
            c.archived = true;
            c.archivedAt = now();
        }
        return SandboxResponse.empty(204);
    }

    private SandboxResponse gdprDelete(SandboxRequest request) {
        Map<String, Object> body;
        try {
            body = jsonBody(request);
        } catch (BadRequest e) {
            return e.response;
        }
        Object objectId = body.get("objectId");
        if (objectId == null || String.valueOf(objectId).isBlank()) {
            return validation("objectId is required");
        }
        String idProperty = body.get("idProperty") == null ? null : String.valueOf(body.get("idProperty"));
        if (idProperty != null && !idProperty.equals("email")) {
            return validation("idProperty must be email when set, not " + idProperty);
        }
        Contact c = find(String.valueOf(objectId), idProperty);
        if (c == null) {
            return notFound(String.valueOf(objectId));
        }
        contacts.remove(c.id); // permanent: not readable even with archived=true
        String email = c.properties.get("email");
        if (email != null) {
            blocklistedEmails.add(email.toLowerCase(Locale.ROOT));
        }
        return SandboxResponse.empty(204);
    }

    private Contact find(String idOrEmail, String idProperty) {
        if (idProperty == null || idProperty.equals("hs_object_id")) {
            return contacts.get(idOrEmail);
        }
        for (Contact c : contacts.values()) {
            if (idOrEmail.equalsIgnoreCase(c.properties.get(idProperty))) {
                return c;
            }
        }
        return null;
    }

    // ---- communication preferences ----

    private SandboxResponse unsubscribeAll(String email, SandboxRequest request) {
        SandboxResponse invalid = requireEmailChannel(request.query("channel"));
        if (invalid != null) {
            return invalid;
        }
        Map<Long, Map<String, Object>> statuses = statusesOf(email);
        for (Long id : SUBSCRIPTIONS.keySet()) {
            statuses.put(id, status(email, id, "NOT_SUBSCRIBED", null, null));
        }
        return json(200, batch(statuses.values()));
    }

    private SandboxResponse updateSubscription(String email, SandboxRequest request) {
        Map<String, Object> body;
        try {
            body = jsonBody(request);
        } catch (BadRequest e) {
            return e.response;
        }
        SandboxResponse invalid = requireEmailChannel(optionalString(body, "channel"));
        if (invalid != null) {
            return invalid;
        }
        String state = optionalString(body, "statusState");
        if (!Set.of("SUBSCRIBED", "UNSUBSCRIBED", "NOT_SPECIFIED").contains(String.valueOf(state))) {
            return validation("statusState must be SUBSCRIBED, UNSUBSCRIBED or NOT_SPECIFIED");
        }
        long subscriptionId;
        try {
            subscriptionId = Long.parseLong(String.valueOf(body.get("subscriptionId")).replaceAll("\\.0$", ""));
        } catch (NumberFormatException e) {
            return validation("subscriptionId is required");
        }
        if (!SUBSCRIPTIONS.containsKey(subscriptionId)) {
            return error(404, "OBJECT_NOT_FOUND", "Subscription " + subscriptionId + " does not exist", null);
        }
        String status = state.equals("SUBSCRIBED") ? "SUBSCRIBED"
                : state.equals("UNSUBSCRIBED") ? "NOT_SUBSCRIBED" : "NOT_SPECIFIED";
        Map<String, Object> result = status(email, subscriptionId, status, optionalString(body, "legalBasis"),
                optionalString(body, "legalBasisExplanation"));
        statusesOf(email).put(subscriptionId, result);
        return json(200, batch(List.of(result)));
    }

    private SandboxResponse readSubscriptions(String email, SandboxRequest request) {
        SandboxResponse invalid = requireEmailChannel(request.query("channel"));
        if (invalid != null) {
            return invalid;
        }
        Map<Long, Map<String, Object>> known = subscriptionStatuses.getOrDefault(key(email), Map.of());
        List<Map<String, Object>> results = new ArrayList<>();
        for (Long id : SUBSCRIPTIONS.keySet()) {
            results.add(known.getOrDefault(id, status(email, id, "NOT_SPECIFIED", null, null)));
        }
        return json(200, batch(results));
    }

    private static SandboxResponse requireEmailChannel(String channel) {
        if (!"EMAIL".equals(channel)) {
            return validation("channel must be EMAIL, was " + channel);
        }
        return null;
    }

    private Map<Long, Map<String, Object>> statusesOf(String email) {
        return subscriptionStatuses.computeIfAbsent(key(email), k -> new TreeMap<>());
    }

    private static Map<String, Object> status(String email, long subscriptionId, String status, String legalBasis,
                                              String legalBasisExplanation) {
        return obj("channel", "EMAIL", "subscriberIdString", email, "subscriptionId", subscriptionId,
                "subscriptionName", SUBSCRIPTIONS.get(subscriptionId), "status", status, "source", "API",
                "legalBasis", legalBasis, "legalBasisExplanation", legalBasisExplanation,
                "timestamp", now().toString());
    }

    private static Map<String, Object> batch(Collection<Map<String, Object>> results) {
        String now = now().toString();
        return obj("status", "COMPLETE", "results", new ArrayList<>(results), "requestedAt", now, "startedAt", now,
                "completedAt", now);
    }

    // ---- bodies, errors, headers ----

    private static Map<String, Object> jsonBody(SandboxRequest request) throws BadRequest {
        if (!request.hasContentType("application/json")) {
            throw new BadRequest(error(415, "VALIDATION_ERROR",
                    "Unsupported Media Type: expected application/json, got " + request.header("Content-Type"), null));
        }
        try {
            return Jsons.parseObject(request.body);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(validation("Invalid input JSON on line 1: " + e.getMessage()));
        }
    }

    private static Map<String, String> propertiesBody(SandboxRequest request) throws BadRequest {
        Object properties = jsonBody(request).get("properties");
        if (!(properties instanceof Map)) {
            throw new BadRequest(validation("Invalid input JSON: \"properties\" (object) is required"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        List<Object> errors = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) properties).entrySet()) {
            String name = String.valueOf(e.getKey());
            if (READ_ONLY_PROPERTIES.contains(name)) {
                errors.add(obj("isValid", false, "message", name + " is a read only property; its value cannot be set.",
                        "error", "READ_ONLY_VALUE", "name", name));
            } else if (!WRITABLE_PROPERTIES.contains(name)) {
                errors.add(obj("isValid", false, "message", "Property \"" + name + "\" does not exist",
                        "error", "PROPERTY_DOESNT_EXIST", "name", name));
            }
            values.put(name, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        if (!errors.isEmpty()) {
            throw new BadRequest(error(400, "VALIDATION_ERROR", "Property values were not valid: "
                    + Jsons.write(errors), errors));
        }
        return values;
    }

    private static SandboxResponse unauthenticated(boolean expired) {
        return expired
                ? error(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired.", null)
                : error(401, "INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports"
                        + " OAuth 2.0 authentication and you can find more details at"
                        + " https://developers.hubspot.com/docs/methods/auth/oauth-overview", null);
    }

    private static SandboxResponse notFound(String id) {
        return error(404, "OBJECT_NOT_FOUND", "Object not found. objectId are usually numeric. (" + id + ")", null);
    }

    private static SandboxResponse validation(String message) {
        return error(400, "VALIDATION_ERROR", message, null);
    }

    private static SandboxResponse error(int status, String category, String message, List<Object> errors) {
        Map<String, Object> body = obj("status", "error", "message", message,
                "correlationId", UUID.randomUUID().toString(), "category", category);
        if (errors != null) {
            body.put("errors", errors);
        }
        return json(status, body);
    }

    private static SandboxResponse json(int status, Object body) {
        return SandboxResponse.json(status, body).header("Content-Type", "application/json;charset=utf-8");
    }

    /** Rate-limit headers are sent on every response except CRM search, which has none. */
    private SandboxResponse decorate(SandboxResponse response, SandboxRequest request) {
        response.defaultHeader("X-HubSpot-Correlation-Id", UUID.randomUUID().toString());
        if (!isSearch(request)) {
            response.defaultHeader("X-HubSpot-RateLimit-Daily", String.valueOf(DAILY_MAX));
            response.defaultHeader("X-HubSpot-RateLimit-Daily-Remaining",
                    String.valueOf(Math.max(0, DAILY_MAX - requestsToday)));
            response.defaultHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
            response.defaultHeader("X-HubSpot-RateLimit-Max", String.valueOf(TEN_SECONDLY_MAX));
            response.defaultHeader("X-HubSpot-RateLimit-Remaining", String.valueOf(TEN_SECONDLY_MAX - 1));
        }
        return response;
    }

    private static boolean isSearch(SandboxRequest request) {
        List<String> s = request.segments;
        return contactsSegmentIndex(s) == 3 && s.size() == 5 && s.get(4).equals("search");
    }

    @Override
    Set<Failure> supportedFailures() {
        return EnumSet.of(Failure.RATE_LIMITED, Failure.UNAUTHORIZED, Failure.SERVER_ERROR,
                Failure.SERVICE_UNAVAILABLE, Failure.CONNECTION_RESET);
    }

    @Override
    synchronized SandboxResponse failure(Failure failure, SandboxRequest request) {
        requestsToday++;
        switch (failure) {
            case RATE_LIMITED: {
                boolean search = isSearch(request);
                String policy = search ? "SECONDLY" : "TEN_SECONDLY_ROLLING";
                SandboxResponse response = json(429, obj("status", "error",
                        "message", "You have reached your " + policy.toLowerCase(Locale.ROOT) + " limit.",
                        "errorType", "RATE_LIMIT", "correlationId", UUID.randomUUID().toString(),
                        "policyName", policy, "requestId", UUID.randomUUID().toString()));
                if (!search) {
                    response.header("X-HubSpot-RateLimit-Remaining", "0");
                }
                return decorate(response, request);
            }
            case UNAUTHORIZED:
                return decorate(unauthenticated(true), request);
            case SERVER_ERROR:
                return decorate(error(500, "INTERNAL_ERROR", "internal error", null), request);
            case SERVICE_UNAVAILABLE:
                return decorate(error(503, "SERVICE_UNAVAILABLE", "Service Unavailable", null), request);
            case CONNECTION_RESET:
                return SandboxResponse.connectionReset();
            default:
                throw new IllegalArgumentException("HubSpot has no " + failure + " failure");
        }
    }

    // ---- state ----

    synchronized void seedContact(String id, Map<String, String> properties) {
        if (id == null || !id.matches("\\d+")) {
            throw new IllegalArgumentException("HubSpot contact ids are numeric strings: " + id);
        }
        Contact c = new Contact(id);
        c.apply(properties);
        contacts.remove(id);
        contacts.put(id, c);
        nextId.updateAndGet(n -> Math.max(n, Long.parseLong(id) + 1));
    }

    @Override
    synchronized void seed(Map<String, Object> spec) {
        Map<String, String> properties = new LinkedHashMap<>();
        if (spec.get("properties") instanceof Map) {
            ((Map<?, ?>) spec.get("properties")).forEach((k, v) -> properties.put(String.valueOf(k),
                    v == null ? null : String.valueOf(v)));
        }
        if (spec.get("email") != null) {
            properties.put("email", String.valueOf(spec.get("email")));
        }
        seedContact(requiredString(spec, "id"), properties);
    }

    synchronized boolean unsubscribedFromAll(String email) {
        Map<Long, Map<String, Object>> statuses = subscriptionStatuses.get(key(email));
        if (statuses == null) {
            return false;
        }
        for (Long id : SUBSCRIPTIONS.keySet()) {
            Map<String, Object> status = statuses.get(id);
            if (status == null || !"NOT_SUBSCRIBED".equals(status.get("status"))) {
                return false;
            }
        }
        return true;
    }

    synchronized boolean blocklisted(String email) {
        return blocklistedEmails.contains(key(email));
    }

    @Override
    synchronized void reset() {
        contacts.clear();
        blocklistedEmails.clear();
        subscriptionStatuses.clear();
        nextId.set(1001);
        requestsToday = 0;
    }

    @Override
    synchronized Map<String, Object> state() {
        List<Object> list = new ArrayList<>();
        for (Contact c : contacts.values()) {
            list.add(c.toJson(new ArrayList<>(c.properties.keySet())));
        }
        Map<String, Object> subscriptions = new LinkedHashMap<>();
        subscriptionStatuses.forEach((email, statuses) -> subscriptions.put(email, new ArrayList<>(statuses.values())));
        return obj("contacts", list, "gdprBlocklist", new ArrayList<>(blocklistedEmails),
                "subscriptionStatuses", subscriptions);
    }

    // ---- helpers ----

    private static String key(String email) {
        return email.toLowerCase(Locale.ROOT);
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static List<String> withDefaults(List<String> requested) {
        Set<String> all = new LinkedHashSet<>(requested);
        all.addAll(List.of("createdate", "hs_object_id", "lastmodifieddate"));
        return new ArrayList<>(all);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> listOfObjects(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List)) {
            return null;
        }
        for (Object item : (List<Object>) value) {
            if (!(item instanceof Map)) {
                return null;
            }
        }
        return (List<Map<String, Object>>) value;
    }

    private static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List) {
            for (Object item : (List<?>) value) {
                out.add(String.valueOf(item));
            }
        }
        return out;
    }

    private static final class BadRequest extends Exception {
        final SandboxResponse response;

        BadRequest(SandboxResponse response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private static final class Contact {
        final String id;
        final Map<String, String> properties = new LinkedHashMap<>();
        final Instant createdAt = now();
        Instant updatedAt = createdAt;
        boolean archived;
        Instant archivedAt;

        Contact(String id) {
            this.id = id;
        }

        /** Sets properties; an empty value clears the property. */
        void apply(Map<String, String> values) {
            values.forEach((name, value) -> {
                if (value == null || value.isEmpty()) {
                    properties.remove(name);
                } else {
                    properties.put(name, name.equals("email") ? value.toLowerCase(Locale.ROOT) : value);
                }
            });
            updatedAt = now();
        }

        Map<String, Object> toJson(List<String> wanted) {
            Map<String, Object> props = new TreeMap<>();
            for (String name : wanted) {
                switch (name) {
                    case "createdate": props.put(name, createdAt.toString()); break;
                    case "lastmodifieddate": props.put(name, updatedAt.toString()); break;
                    case "hs_object_id": props.put(name, id); break;
                    default: props.put(name, properties.get(name));
                }
            }
            Map<String, Object> json = obj("id", id, "properties", props, "createdAt", createdAt.toString(),
                    "updatedAt", updatedAt.toString(), "archived", archived);
            if (archived) {
                json.put("archivedAt", archivedAt.toString());
            }
            return json;
        }
    }
}
