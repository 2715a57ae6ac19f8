package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.partnersync.PartnerObjectType;
import io.privacyplatform.partnersync.config.PartnersConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * HubSpot: GDPR delete of the contact (permanent, blocklists the address) then a read-back; never the
 * archive DELETE, which HubSpot can restore for 90 days.
 */
@ApplicationScoped
public class HubSpotAdapter implements PartnerAdapter {

    private static final Pattern PATH_VERSION = Pattern.compile("v\\d+");

    private final HubSpotApi api;
    private final PartnerCalls calls;
    private final PartnersConfig config;

    HubSpotAdapter(@RestClient HubSpotApi api, PartnerCalls calls, PartnersConfig config) {
        this.api = api;
        this.calls = calls;
        this.config = config;
    }

    @Override
    public String partner() {
        return Systems.HUBSPOT;
    }

    @Override
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = PermanentPartnerException.class)
    public ErasureEvidence erase(PartnerObjectType type, String contactId) {
        if (type != PartnerObjectType.HUBSPOT_CONTACT) {
            throw new PermanentPartnerException(partner(), 0, "unsupported object type " + type.wireName());
        }
        if (config.hubspot().apiKey().filter(k -> !k.isBlank()).isEmpty()) {
            throw new TransientPartnerException(partner(), 0, "partners.hubspot.api-key is not configured", null);
        }
        String version = config.hubspot().apiVersion();
        boolean legacyPath = PATH_VERSION.matcher(version).matches();
        String contacts = legacyPath ? "/crm/" + version + "/objects/contacts" : "/crm/objects/" + version + "/contacts";
        HubSpotApi.GdprDelete body = new HubSpotApi.GdprDelete(contactId);

        PartnerResponse deleted = calls.call(partner(), () -> legacyPath
                ? api.gdprDelete(version, body) : api.gdprDeleteDated(version, body));
        String result;
        if (deleted.is(204) || deleted.is(200)) {
            result = ErasureEvidence.DELETED;
        } else if (isNotFound(deleted)) {
            // HubSpot answers 404 when the contact is already gone (e.g. a repeated gdpr-delete).
            result = ErasureEvidence.ALREADY_ABSENT;
        } else {
            throw failure("gdpr-delete contact", deleted);
        }

        PartnerResponse check = calls.call(partner(), () -> legacyPath
                ? api.getContact(version, contactId) : api.getContactDated(version, contactId));
        if (check.is(200)) {
            calls.unexpected(partner(), check);
            throw new TransientPartnerException(partner(), 200, "read-back: contact still present", null);
        } else if (!isNotFound(check)) {
            throw failure("GET contact", check);
        }
        return new ErasureEvidence(result, "POST " + contacts + "/gdpr-delete",
                "GET " + contacts + "/{id} returned 404");
    }

    /** 404 in HubSpot's error shape (a bare 404 from a proxy proves nothing). */
    private static boolean isNotFound(PartnerResponse response) {
        return response.is(404) && "error".equals(response.json().path("status").asText(null));
    }

    private PartnerException failure(String step, PartnerResponse response) {
        calls.unexpected(partner(), response);
        JsonNode body = response.json();
        String policy = PartnerErrors.code(body.path("policyName"));
        String reason = PartnerErrors.reason(step, response.status(),
                Optional.ofNullable(PartnerErrors.code(body.path("errorType"))).orElse(PartnerErrors.code(body.path("category"))),
                policy);
        if (!PartnerErrors.retryableStatus(response.status())) {
            return new PermanentPartnerException(partner(), response.status(), reason);
        }
        Optional<Duration> wait = PartnerCalls.retryAfter(response);
        if (response.is(429)) {
            wait = RateLimitHints.longest(wait, rateLimitWait(policy, response));
        }
        return new TransientPartnerException(partner(), response.status(), reason, wait.orElse(null));
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
