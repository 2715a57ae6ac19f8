package io.privacyplatform.retention.client;

import io.privacyplatform.contracts.rectification.CorrectedValues;
import io.privacyplatform.retention.datastore.PersonalField;
import io.privacyplatform.support.client.ServiceCallException;
import io.privacyplatform.support.client.ServiceCalls;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Fetches the new values of a rectification from request-service when a datastore's order runs (never from Kafka,
 * never stored). 404 (request-service has no such rectification) and values of another order or subject are final;
 * everything else (no answer in time, 5xx, 409 not approved yet, 401/403, an unreadable answer) may pass and is retried.
 */
@ApplicationScoped
public class RectificationValuesClient {

    /** The REST client's own read timeout; the order is retried later. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String STEP = "GET request-service /requests/{id}/rectification";

    private final RequestServiceApi api;
    private final ServiceCalls calls;

    RectificationValuesClient(@RestClient RequestServiceApi api, ServiceCalls calls) {
        this.api = api;
        this.calls = calls;
    }

    /**
     * The values of the order, by field. Personal data: in memory for one run only.
     *
     * @throws ValuesUnavailableException naming the failure (a kind and a status, never a value)
     */
    public Map<PersonalField, String> fetch(UUID requestId, UUID orderId, String subjectId) {
        CorrectedValues answer;
        try {
            answer = calls.call("request-service", TIMEOUT, CorrectedValues.class, () -> api.rectificationValues(requestId));
        } catch (ServiceCallException e) {
            boolean permanent = e.kind() == ServiceCallException.Kind.NOT_FOUND;
            throw new ValuesUnavailableException(STEP + ": " + e.kind() + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "")
                    + (permanent ? ": request-service has no such rectification" : ""), permanent);
        }
        if (!orderId.equals(answer.orderId()) || !subjectId.equals(answer.subjectId())) {
            // Values of another order or subject must never be written into this subject's rows.
            throw new ValuesUnavailableException(STEP + ": the values are not those of this order", true);
        }
        Map<PersonalField, String> values = new EnumMap<>(PersonalField.class);
        for (CorrectedValues.Correction correction : answer.corrections()) {
            Optional<PersonalField> field = correction == null ? Optional.empty() : PersonalField.byYaml(correction.field());
            if (field.isEmpty() || correction.value() == null) {
                throw new ValuesUnavailableException(STEP + ": unreadable correction", false);
            }
            values.put(field.get(), correction.value());
        }
        return values;
    }

    /** No values for now ({@link #permanent()} false: worth retrying) or for good. The message holds no value. */
    public static final class ValuesUnavailableException extends RuntimeException {

        private final boolean permanent;

        ValuesUnavailableException(String message, boolean permanent) {
            super(message, null, false, false);
            this.permanent = permanent;
        }

        public boolean permanent() {
            return permanent;
        }
    }
}
