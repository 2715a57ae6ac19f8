package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HubSpot: GDPR delete of the contact (permanent, blocklists the address) then a read-back; never the
 * archive DELETE, which HubSpot can restore for 90 days. Unsubscribe: the contact's email is read by id and used
 * for the unsubscribe-all call only, in memory; it is never stored, logged or put in an error.
 */
@ApplicationScoped
public class HubSpotConnector implements PartnerConnector {

    private static final Pattern PATH_VERSION = Pattern.compile("v\\d+");
    static final String EMAIL_CHANNEL = "EMAIL";

    private final HubSpotApi api;
    private final PartnerGate gate;
    private final PartnersConfig config;
    private final List<String> exportProperties;

    HubSpotConnector(@RestClient HubSpotApi api, PartnersConfig config, TaskConfig tasks, MeterRegistry registry, Clock clock) {
        this.api = api;
        this.config = config;
        this.gate = new PartnerGate(Systems.HUBSPOT, config.limits(Systems.HUBSPOT), registry, clock);
        this.exportProperties = tasks.export().hubspotProperties();
    }

    @Override
    public PartnerGate gate() {
        return gate;
    }

    @Override
    public String partner() {
        return Systems.HUBSPOT;
    }

    @Override
    public Uni<TaskEvidence> erase(PartnerObjectType type, String contactId) {
        return Uni.createFrom().deferred(() -> {
            if (type != PartnerObjectType.HUBSPOT_CONTACT) {
                throw new PermanentPartnerException(partner(), 0, null, "unsupported object type " + type.wireName(),
                        DeadReason.UNSUPPORTED);
            }
            requireKey();
            String version = config.hubspot().apiVersion();
            boolean legacyPath = legacyPath(version);
            String contacts = contactsPath(version);
            HubSpotApi.GdprDelete body = new HubSpotApi.GdprDelete(contactId);

            return gate.call(() -> legacyPath ? api.gdprDelete(version, body) : api.gdprDeleteDated(version, body))
                    .flatMap(deleted -> {
                        String result;
                        if (deleted.is(204) || (deleted.is(200) && !deleted.json().isMissingNode())) {
                            result = TaskEvidence.DELETED;
                        } else if (isNotFound(deleted)) {
                            // HubSpot answers 404 when the contact is already gone (e.g. a repeated gdpr-delete).
                            result = TaskEvidence.ALREADY_ABSENT;
                        } else {
                            throw failure("gdpr-delete contact", deleted);
                        }
                        return readContactAsync(version, contactId, null).map(check -> {
                            if (check.is(200) && check.json().path("id").isTextual()) {
                                gate.unexpected(check);
                                throw new TransientPartnerException(partner(), 200, "read-back: contact still present");
                            } else if (!isNotFound(check)) {
                                throw failure("GET contact", check);
                            }
                            return new TaskEvidence(result, "POST " + contacts + "/gdpr-delete", "GET " + contacts + "/{id} returned 404");
                        });
                    });
        });
    }

    /**
     * Unsubscribes the contact's address from all email (marketing consent withdrawn, objection, restriction):
     * reads the address by contact id, calls unsubscribe-all, and reads the subscription statuses back.
     */
    @Override
    public Uni<TaskEvidence> unsubscribeAll(String contactId) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            String version = config.hubspot().apiVersion();
            String readStep = "GET " + contactsPath(version) + "/{id}?properties=email";
            return readContactAsync(version, contactId, "email").flatMap(contact -> {
                if (isNotFound(contact)) {
                    return Uni.createFrom().item(new TaskEvidence(TaskEvidence.CONTACT_ABSENT, readStep,
                            readStep + " returned 404: nothing to unsubscribe"));
                }
                if (!contact.is(200) || !contact.json().path("id").isTextual()) {
                    throw failure("GET contact", contact);
                }
                JsonNode email = contact.json().path("properties").path("email");
                if (!email.isTextual() || email.asText().isBlank()) {
                    return Uni.createFrom().item(new TaskEvidence(TaskEvidence.NO_EMAIL, readStep,
                            readStep + " returned no email address: nothing to unsubscribe"));
                }
                return unsubscribeAddress(readStep, email.asText().trim());
            });
        });
    }

    /** unsubscribe-all for one address, then its subscription statuses read back. */
    private Uni<TaskEvidence> unsubscribeAddress(String readStep, String email) {
        String encodedEmail = URLEncoder.encode(email, StandardCharsets.UTF_8).replace("+", "%20");
        String prefsVersion = config.hubspot().communicationPreferencesVersion();
        String preferences = "/communication-preferences/" + prefsVersion + "/statuses/{email}";
        return gate.call(() -> api.unsubscribeAll(prefsVersion, encodedEmail, EMAIL_CHANNEL)).flatMap(unsubscribed -> {
            String batchStatus = PartnerErrors.code(unsubscribed.json().path("status"));
            boolean accepted = unsubscribed.is(200) || unsubscribed.is(201) || unsubscribed.is(202);
            if (!accepted || batchStatus == null || "error".equals(batchStatus)) {
                throw failure("POST unsubscribe-all", unsubscribed);
            }
            if ("CANCELED".equals(batchStatus)) {
                gate.unexpected(unsubscribed);
                throw new TransientPartnerException(partner(), unsubscribed.status(), "CANCELED",
                        "POST unsubscribe-all: batch CANCELED", null);
            }
            return gate.call(() -> api.subscriptionStatuses(prefsVersion, encodedEmail, EMAIL_CHANNEL)).map(statuses -> {
                if (!statuses.is(200) || !statuses.json().path("results").isArray()) {
                    throw failure("GET subscription statuses", statuses);
                }
                int total = 0;
                int unsubscribedCount = 0;
                for (JsonNode status : statuses.json().path("results")) {
                    total++;
                    if ("NOT_SUBSCRIBED".equals(status.path("status").asText(null))) {
                        unsubscribedCount++;
                    }
                }
                if (unsubscribedCount < total) {
                    // An asynchronous batch (PENDING or PROCESSING) not applied yet: read again later (the POST is idempotent).
                    throw new TransientPartnerException(partner(), 200, batchStatus,
                            "read-back: " + (total - unsubscribedCount) + " of " + total + " email subscriptions still subscribed (batch "
                                    + batchStatus + ")", null);
                }
                return new TaskEvidence(TaskEvidence.UNSUBSCRIBED,
                        readStep + ", then POST " + preferences + "/unsubscribe-all?channel=EMAIL (batch " + batchStatus + ")",
                        "GET " + preferences + "?channel=EMAIL: " + total + " email subscription" + (total == 1 ? "" : "s")
                                + ", all NOT_SUBSCRIBED");
            });
        });
    }

    /** The HubSpot contact property of each rectification field code. */
    static final Map<String, String> PROPERTIES = Map.of(
            RectificationValues.FIRST_NAME, "firstname",
            RectificationValues.LAST_NAME, "lastname",
            RectificationValues.EMAIL, "email",
            RectificationValues.PHONE, "phone");

    /**
     * Rectifies one contact: {@code PATCH .../contacts/{id}} with the mapped properties, then reads them back and
     * compares each by hash. PATCH is idempotent (same properties, same result), so a repeated run is harmless. A 409
     * in HubSpot's shape (the new address belongs to another contact) cannot be retried away: DEAD. No idempotency key
     * is needed (or sent).
     */
    @Override
    public Uni<TaskEvidence> rectify(String contactId, RectificationValues values, String idempotencyKey) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            return rectifyContact(contactId, values);
        });
    }

    private Uni<TaskEvidence> rectifyContact(String contactId, RectificationValues values) {
        String version = config.hubspot().apiVersion();
        String contacts = contactsPath(version);
        Map<String, String> properties = new LinkedHashMap<>();
        List<FieldResult> fields = new ArrayList<>();
        for (Map.Entry<String, String> value : values.values().entrySet()) {
            String property = PROPERTIES.get(value.getKey());
            if (property == null) {
                fields.add(new FieldResult(value.getKey(), null, FieldResult.NOT_APPLICABLE));
            } else {
                properties.put(property, value.getValue());
                fields.add(new FieldResult(value.getKey(), property, FieldResult.APPLIED));
            }
        }
        if (properties.isEmpty()) {
            return Uni.createFrom().item(new TaskEvidence(TaskEvidence.NOT_APPLICABLE, null,
                    "nothing sent: HubSpot holds none of the fields", fields));
        }
        HubSpotApi.ContactUpdate body = new HubSpotApi.ContactUpdate(properties);
        return gate.call(() -> legacyPath(version)
                ? api.updateContact(version, contactId, body) : api.updateContactDated(version, contactId, body)).flatMap(updated -> {
            if (isNotFound(updated)) {
                return Uni.createFrom().item(new TaskEvidence(TaskEvidence.OBJECT_ABSENT, "PATCH " + contacts + "/{id}",
                        "PATCH " + contacts + "/{id} returned 404: the contact no longer exists", List.of()));
            }
            if (updated.is(409) && isHubSpotError(updated)) {
                gate.unexpected(updated);
                String code = PartnerErrors.code(updated.json().path("category"));
                throw new PermanentPartnerException(partner(), 409, code, PartnerErrors.reason("PATCH contact", 409, code)
                        + " (the new email address belongs to another contact)", DeadReason.PARTNER_REJECTED);
            }
            if (!updated.is(200) || !updated.json().path("id").isTextual()) {
                throw failure("PATCH contact", updated);
            }
            return readContactAsync(version, contactId, String.join(",", properties.keySet()))
                    .map(check -> rectified(contacts, check, values, properties, fields));
        });
    }

    /** The evidence of a rectification from the contact read back: each sent property compared by hash. */
    private TaskEvidence rectified(String contacts, PartnerResponse check, RectificationValues values,
                                   Map<String, String> properties, List<FieldResult> fields) {
        if (isNotFound(check)) {
            return new TaskEvidence(TaskEvidence.OBJECT_ABSENT, "PATCH " + contacts + "/{id}",
                    "GET " + contacts + "/{id} returned 404: the contact no longer exists", List.of());
        }
        if (!check.is(200) || !check.json().path("id").isTextual()) {
            throw failure("GET contact", check);
        }
        List<String> differing = new ArrayList<>();
        for (Map.Entry<String, String> value : values.values().entrySet()) {
            String property = PROPERTIES.get(value.getKey());
            if (property == null) {
                continue;
            }
            JsonNode read = check.json().path("properties").path(property);
            if (!FieldComparison.sameValue(value.getKey(), value.getValue(), read.isTextual() ? read.asText() : null)) {
                differing.add(property);
            }
        }
        if (!differing.isEmpty()) {
            gate.unexpected(check);
            throw new TransientPartnerException(partner(), 200, "read-back: " + String.join(", ", differing)
                    + " not updated yet");
        }
        String sent = String.join(", ", properties.keySet());
        boolean partial = fields.stream().anyMatch(f -> !FieldResult.APPLIED.equals(f.result()));
        return new TaskEvidence(partial ? TaskEvidence.PARTIALLY_RECTIFIED : TaskEvidence.RECTIFIED,
                "PATCH " + contacts + "/{id} (" + sent + ")",
                "GET " + contacts + "/{id}?properties=" + String.join(",", properties.keySet()) + ": " + sent
                        + " match the values sent (SHA-256 compared)", fields);
    }

    /**
     * The contacts holding one of these addresses: {@code POST .../contacts/search} with one {@code EQ} filter group per
     * address (HubSpot compares case-insensitively), every page.
     */
    @Override
    public Uni<TaskEvidence> findByEmail(List<String> emails) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            String version = config.hubspot().apiVersion();
            String step = "POST " + contactsPath(version) + "/search (email EQ)";
            List<Object> groups = new ArrayList<>();
            for (String email : emails) {
                groups.add(Map.of("filters", List.of(Map.of("propertyName", "email", "operator", "EQ", "value", email))));
            }
            java.util.LinkedHashSet<String> found = new java.util.LinkedHashSet<>();
            return searchPages(version, groups, null, 0, found).map(none -> new TaskEvidence(TaskEvidence.LOOKED_UP,
                    step, step + ": " + found.size() + " contact" + (found.size() == 1 ? "" : "s") + " found", List.of(),
                    List.copyOf(found)));
        });
    }

    static final int MAX_SEARCH_PAGES = 10;

    /** Adds the contacts the search finds to {@code found}, from page {@code page} on (one page after the other). */
    private Uni<Void> searchPages(String version, List<Object> groups, String after, int page, java.util.Set<String> found) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("filterGroups", groups);
        body.put("properties", List.of("email"));
        body.put("limit", 100);
        if (after != null) {
            body.put("after", after);
        }
        return gate.call(() -> legacyPath(version)
                ? api.searchContacts(version, body) : api.searchContactsDated(version, body)).flatMap(result -> {
            JsonNode results = result.json().path("results");
            if (!result.is(200) || !results.isArray()) {
                throw failure("POST contacts search", result);
            }
            for (JsonNode contact : results) {
                if (contact.path("id").isTextual() && !contact.path("archived").asBoolean(false)) {
                    found.add(contact.path("id").asText());
                }
            }
            JsonNode next = result.json().path("paging").path("next").path("after");
            if (!next.isTextual() || results.isEmpty() || page + 1 >= MAX_SEARCH_PAGES) {
                return Uni.createFrom().voidItem();
            }
            return searchPages(version, groups, next.asText(), page + 1, found);
        });
    }

    /**
     * Reads one contact for an access export ({@code GET .../contacts/{id}?properties=...}): the properties of
     * {@code partner-sync.export.hubspot-properties} that have a value. Gone when HubSpot answers 404 in its error shape (GDPR-deleted, archived or never existed).
     * One call, no retry: the export is retried as a whole later.
     */
    @Override
    public Uni<PartnerRead> readForExport(String contactId) {
        return Uni.createFrom().deferred(() -> {
            requireKey();
            return readContactAsync(config.hubspot().apiVersion(), contactId, String.join(",", exportProperties))
                    .map(read -> exportRead(read, exportProperties));
        });
    }

    private PartnerRead exportRead(PartnerResponse read, List<String> properties) {
        if (isNotFound(read)) {
            return PartnerRead.gone();
        }
        JsonNode contact = read.json();
        if (!read.is(200) || !contact.path("id").isTextual()) {
            throw failure("GET contact", read);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String property : properties) {
            JsonNode value = contact.path("properties").path(property);
            if (value.isTextual() && !value.asText().isBlank()) {
                fields.put(property, value.asText());
            }
        }
        return new PartnerRead(true, fields);
    }

    private Uni<PartnerResponse> readContactAsync(String version, String contactId, String properties) {
        return gate.call(() -> legacyPath(version)
                ? api.getContact(version, contactId, properties) : api.getContactDated(version, contactId, properties));
    }

    private void requireKey() {
        if (config.hubspot().apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            throw new TransientPartnerException(partner(), 0, "partners.hubspot.api-key is not configured");
        }
    }

    private static boolean legacyPath(String version) {
        return PATH_VERSION.matcher(version).matches();
    }

    private static String contactsPath(String version) {
        return legacyPath(version) ? "/crm/" + version + "/objects/contacts" : "/crm/objects/" + version + "/contacts";
    }

    /** HubSpot's error shape: {@code {"status":"error",...}}. */
    private static boolean isHubSpotError(PartnerResponse response) {
        return "error".equals(response.json().path("status").asText(null));
    }

    /** 404 in HubSpot's error shape (a bare 404 from a proxy proves nothing). */
    private static boolean isNotFound(PartnerResponse response) {
        return response.is(404) && isHubSpotError(response);
    }

    private PartnerException failure(String step, PartnerResponse response) {
        gate.unexpected(response);
        JsonNode body = response.json();
        String policy = PartnerErrors.code(body.path("policyName"));
        String code = Optional.ofNullable(PartnerErrors.code(body.path("errorType"))).orElse(PartnerErrors.code(body.path("category")));
        Optional<Duration> wait = gate.retryAfter(response);
        if (response.is(429)) {
            wait = RateLimitHints.longest(wait, rateLimitWait(policy, response));
            String reason = PartnerErrors.reason(step, 429, code, policy);
            return new TransientPartnerException(partner(), 429, code, reason, wait.orElse(null));
        }
        return PartnerErrors.classify(partner(), step, response, isHubSpotError(response), code, wait);
    }

    /** How long the violated policy takes to let requests through again. */
    private Optional<Duration> rateLimitWait(String policy, PartnerResponse response) {
        if ("DAILY".equals(policy) || "0".equals(response.header("X-HubSpot-RateLimit-Daily-Remaining"))) {
            return Optional.of(config.hubspot().dailyLimitBackoff());
        }
        if ("SECONDLY".equals(policy)) {
            return Optional.of(Duration.ofSeconds(1));
        }
        // TEN_SECONDLY_ROLLING (or unnamed): the window the headers announce, 10 s when they say nothing.
        return RateLimitHints.millis(response.header("X-HubSpot-RateLimit-Interval-Milliseconds"))
                .or(() -> Optional.of(Duration.ofSeconds(10)));
    }
}
