package io.privacyplatform.request.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.support.logging.SafeLog;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Fetches one service's slice of a subject's export and checks its shape. The answer carries personal data: it is
 * returned to be stored encrypted, never logged. A failure is a code (no personal data): UNAVAILABLE (no answer, no
 * service token, timeout), UNAUTHORIZED (401/403: our client credentials or role), HTTP_nnn, MALFORMED (not JSON, not
 * the expected shape, or another subject's data), INCOMPLETE (partner-sync could not read every partner yet).
 */
@ApplicationScoped
public class ExportSlices {

    public static final String CONSENT = "consent-service";
    public static final String RETENTION = "retention-service";
    public static final String PARTNER_SYNC = "partner-sync-service";
    public static final List<String> SERVICES = List.of(CONSENT, RETENTION, PARTNER_SYNC);

    /** A slice, or why it is not there. */
    public record Result(JsonNode slice, String error) {

        static Result failed(String code) {
            return new Result(null, code);
        }

        public boolean ok() {
            return error == null;
        }

        /** A malformed slice needs the officer; the others are retried quietly. */
        public boolean malformed() {
            return "MALFORMED".equals(error);
        }
    }

    private final ConsentServiceApi consents;
    private final RetentionServiceApi retention;
    private final PartnerSyncServiceApi partnerSync;
    private final ObjectMapper objectMapper;

    ExportSlices(@RestClient ConsentServiceApi consents, @RestClient RetentionServiceApi retention,
                 @RestClient PartnerSyncServiceApi partnerSync, ObjectMapper objectMapper) {
        this.consents = consents;
        this.retention = retention;
        this.partnerSync = partnerSync;
        this.objectMapper = objectMapper;
    }

    /** A slow service costs at most this long per run; the slice is retried later. */
    @Timeout(10_000)
    public Result fetch(String service, String subjectId) {
        return switch (service) {
            case CONSENT -> checked(service, subjectId, () -> consents.export(subjectId), "ledger", "current");
            case RETENTION -> checked(service, subjectId, () -> retention.export(subjectId), "held");
            case PARTNER_SYNC -> {
                Result result = checked(service, subjectId, () -> partnerSync.export(subjectId), "processorRecords", "partners");
                if (result.ok() && !result.slice().path("complete").isBoolean()) {
                    yield Result.failed("MALFORMED");
                }
                // Some partner could not be read yet: partner-sync says so, and the export waits for it.
                yield result.ok() && !result.slice().path("complete").asBoolean() ? Result.failed("INCOMPLETE") : result;
            }
            default -> throw new IllegalArgumentException("unknown export service " + service);
        };
    }

    private Result checked(String service, String subjectId, Supplier<Response> call, String... arrays) {
        int status;
        String body;
        try (Response answer = call.get()) {
            status = answer.getStatus();
            body = answer.hasEntity() ? answer.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            Log.debugf("Export slice from %s: no answer: %s", service, SafeLog.describe(e));
            return Result.failed("UNAVAILABLE");
        }
        if (status == 401 || status == 403) {
            return Result.failed("UNAUTHORIZED");
        }
        if (status != 200) {
            return Result.failed("HTTP_" + status);
        }
        JsonNode slice;
        try {
            slice = objectMapper.readTree(body);
        } catch (IOException e) {
            return Result.failed("MALFORMED");
        }
        if (slice == null || !slice.isObject() || !subjectId.equals(slice.path("subjectId").asText(null))) {
            return Result.failed("MALFORMED");
        }
        for (String array : arrays) {
            if (!slice.path(array).isArray()) {
                return Result.failed("MALFORMED");
            }
        }
        return new Result(slice, null);
    }
}
