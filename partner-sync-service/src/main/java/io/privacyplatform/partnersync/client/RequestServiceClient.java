package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Fetches the new values of a rectification from request-service when a RECTIFY task runs (never from Kafka, never
 * stored). Failures are reported like a partner's, under the task's partner, so that the task engine retries or
 * stops: network, 5xx and 409 (not approved yet) are retried; 401/403 (our service token) and 404 stop the task.
 */
@ApplicationScoped
public class RequestServiceClient {

    static final String STEP = "GET request-service /requests/{id}/rectification";
    private static final Set<String> FIELDS = Set.of(RectificationValues.FIRST_NAME, RectificationValues.LAST_NAME,
            RectificationValues.EMAIL, RectificationValues.PHONE);

    private final RequestServiceApi api;

    RequestServiceClient(@RestClient RequestServiceApi api) {
        this.api = api;
    }

    /**
     * @param partner the task's partner (failures are recorded on its task)
     * @throws TransientPartnerException when it is worth trying again later
     * @throws PermanentPartnerException when request-service refuses for good
     */
    public RectificationValues fetch(String partner, UUID requestId, UUID orderId, String subjectId) {
        PartnerResponse response;
        try (Response answer = api.rectificationValues(requestId)) {
            response = new PartnerResponse(answer.getStatus(), Map.of(),
                    answer.hasEntity() ? answer.readEntity(String.class) : "");
        } catch (RuntimeException e) {
            // No answer, or no service token (issuer down, client credentials refused): retried.
            Log.debugf("request-service call failed without a response: %s", SafeLog.describe(e));
            throw new TransientPartnerException(partner, 0, null,
                    STEP + ": no response or no service token (" + e.getClass().getSimpleName() + ")", null);
        }
        int status = response.status();
        if (status == 401 || status == 403) {
            throw new PermanentPartnerException(partner, status, null, STEP + ": HTTP " + status
                    + " (check partner-sync's client credentials and its platform role)", DeadReason.UNAUTHORIZED);
        }
        if (status == 404) {
            throw new PermanentPartnerException(partner, status, null, STEP + ": HTTP 404 (no such rectification request)",
                    DeadReason.VALUES_UNAVAILABLE);
        }
        if (status != 200) {
            throw new TransientPartnerException(partner, status, null, STEP + ": HTTP " + status, null);
        }
        JsonNode body = response.json();
        JsonNode corrections = body.path("corrections");
        if (!corrections.isArray()) {
            throw new TransientPartnerException(partner, 200, null, STEP + ": unreadable answer", null);
        }
        if (!orderId.toString().equals(body.path("orderId").asText(null))
                || !subjectId.equals(body.path("subjectId").asText(null))) {
            // Values of another order or subject must never be sent to this subject's partner objects.
            throw new PermanentPartnerException(partner, 200, null, STEP + ": the values are not those of this order",
                    DeadReason.VALUES_UNAVAILABLE);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode correction : corrections) {
            String field = correction.path("field").asText(null);
            JsonNode value = correction.path("value");
            if (field == null || !FIELDS.contains(field) || !value.isTextual()) {
                throw new TransientPartnerException(partner, 200, null, STEP + ": unreadable correction", null);
            }
            values.put(field, value.asText());
        }
        return new RectificationValues(requestId, orderId, subjectId, values);
    }
}
