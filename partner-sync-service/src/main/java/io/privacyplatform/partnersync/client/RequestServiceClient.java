package io.privacyplatform.partnersync.client;

import io.privacyplatform.contracts.rectification.CorrectedValues;
import io.privacyplatform.partnersync.DeadReason;
import io.privacyplatform.support.client.ServiceCallException;
import io.privacyplatform.support.client.ServiceCalls;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Fetches the new values of a rectification from request-service when a RECTIFY task runs (never from Kafka, never
 * stored). Failures are reported like a partner's, under the task's partner, so that the task engine retries or
 * stops: no answer (or none within {@link #TIMEOUT}), 5xx, 409 (not approved yet) and unreadable answers are retried;
 * 401/403 (our service token) and 404 stop the task.
 */
@ApplicationScoped
public class RequestServiceClient {

    static final String STEP = "GET request-service /requests/{id}/rectification";
    /** The REST client's own read timeout; the task engine retries later. */
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Set<String> FIELDS = Set.of(RectificationValues.FIRST_NAME, RectificationValues.LAST_NAME,
            RectificationValues.EMAIL, RectificationValues.PHONE);

    private final RequestServiceApi api;
    private final ServiceCalls calls;

    RequestServiceClient(@RestClient RequestServiceApi api, ServiceCalls calls) {
        this.api = api;
        this.calls = calls;
    }

    /**
     * The values, without holding a thread.
     *
     * @param partner the task's partner (failures are recorded on its task)
     * @return the values, or a {@link TransientPartnerException} when it is worth trying again later, a
     *         {@link PermanentPartnerException} when request-service refuses for good
     */
    public Uni<RectificationValues> fetch(String partner, UUID requestId, UUID orderId, String subjectId) {
        return calls.callAsync("request-service", TIMEOUT, () -> api.rectificationValues(requestId))
                .onFailure(ServiceCallException.class).transform(e -> failure(partner, (ServiceCallException) e))
                .map(answer -> values(partner, requestId, orderId, subjectId, answer));
    }

    private static PartnerException failure(String partner, ServiceCallException e) {
        return switch (e.kind()) {
            case UNAUTHORIZED -> new PermanentPartnerException(partner, e.status(), null, STEP + ": HTTP " + e.status()
                    + " (check partner-sync's client credentials and its role rectification-reader)", DeadReason.UNAUTHORIZED);
            case NOT_FOUND -> new PermanentPartnerException(partner, e.status(), null,
                    STEP + ": HTTP 404 (no such rectification request)", DeadReason.VALUES_UNAVAILABLE);
            case NO_ANSWER, CONFLICT, SERVER_ERROR, OTHER_STATUS, UNPARSEABLE ->
                    new TransientPartnerException(partner, e.status(), null, STEP + ": " + e.getMessage(), null);
        };
    }

    private static RectificationValues values(String partner, UUID requestId, UUID orderId, String subjectId,
                                              CorrectedValues answer) {
        if (!orderId.equals(answer.orderId()) || !subjectId.equals(answer.subjectId())) {
            // Values of another order or subject must never be sent to this subject's partner objects.
            throw new PermanentPartnerException(partner, 200, null, STEP + ": the values are not those of this order",
                    DeadReason.VALUES_UNAVAILABLE);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (CorrectedValues.Correction correction : answer.corrections()) {
            if (correction == null || !FIELDS.contains(correction.field()) || correction.value() == null) {
                throw new TransientPartnerException(partner, 200, null, STEP + ": unreadable correction", null);
            }
            values.put(correction.field(), correction.value());
        }
        return new RectificationValues(requestId, orderId, subjectId, values);
    }
}
