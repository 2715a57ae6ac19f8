package io.privacyplatform.partnersync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a subject's email addresses from the owning service for a LOOKUP task (never from Kafka, never stored).
 * Network, 5xx and other unexpected answers are retried; 401/403 stop the task (credentials or role to fix); 404 means
 * the service holds no contact data for the subject.
 */
@ApplicationScoped
public class SubjectContactClient {

    static final String STEP = "GET subject-contact /subjects/{id}/contact";

    private final SubjectContactApi api;

    SubjectContactClient(@RestClient SubjectContactApi api) {
        this.api = api;
    }

    /** The subject's addresses (empty when the owning service has none). Values: in memory only. */
    public List<String> emails(String partner, String subjectId) {
        PartnerResponse response;
        try (Response answer = api.contact(subjectId)) {
            response = new PartnerResponse(answer.getStatus(), Map.of(), answer.hasEntity() ? answer.readEntity(String.class) : "");
        } catch (RuntimeException e) {
            Log.debugf("subject-contact call failed without a response: %s", SafeLog.describe(e));
            throw new TransientPartnerException(partner, 0, null,
                    STEP + ": no response or no service token (" + e.getClass().getSimpleName() + ")", null);
        }
        int status = response.status();
        if (status == 404) {
            return List.of();
        }
        if (status == 401 || status == 403) {
            throw new PermanentPartnerException(partner, status, null, STEP + ": HTTP " + status
                    + " (check partner-sync's client credentials and its platform role)", DeadReason.UNAUTHORIZED);
        }
        JsonNode body = response.json();
        if (status != 200 || !body.path("emails").isArray() || !subjectId.equals(body.path("subjectId").asText(null))) {
            throw new TransientPartnerException(partner, status, null, STEP + ": HTTP " + status + " unexpected answer", null);
        }
        Set<String> emails = new LinkedHashSet<>();
        for (JsonNode email : body.path("emails")) {
            if (email.isTextual() && email.asText().contains("@")) {
                emails.add(email.asText().trim());
            }
        }
        return new ArrayList<>(emails);
    }
}
