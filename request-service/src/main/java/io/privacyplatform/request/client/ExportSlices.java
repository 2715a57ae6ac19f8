package io.privacyplatform.request.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.export.ConsentExport;
import io.privacyplatform.contracts.export.PartnerSyncExport;
import io.privacyplatform.contracts.export.RetentionExport;
import io.privacyplatform.support.client.ServiceCallException;
import io.privacyplatform.support.client.ServiceCalls;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.List;

/**
 * Fetches one service's slice of a subject's export (the contracts of {@code HttpContracts}) and checks it is this
 * subject's. The answer carries personal data: it is returned to be stored encrypted, never logged. A failure is a code
 * (no personal data): UNAVAILABLE (no answer, no service token, timeout), UNAUTHORIZED (401/403: our client
 * credentials or role), HTTP_nnn, MALFORMED (not JSON, not the contract, or another subject's data), INCOMPLETE
 * (partner-sync could not read every partner yet).
 */
@ApplicationScoped
public class ExportSlices {

    public static final String CONSENT = "consent-service";
    public static final String RETENTION = "retention-service";
    public static final String PARTNER_SYNC = "partner-sync-service";
    public static final List<String> SERVICES = List.of(CONSENT, RETENTION, PARTNER_SYNC);

    /** A slow service costs at most this long per run; the slice is retried later. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A slice (the contract record as JSON, for storage), or why it is not there. */
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
    private final ServiceCalls calls;
    private final ObjectMapper objectMapper;

    ExportSlices(@RestClient ConsentServiceApi consents, @RestClient RetentionServiceApi retention,
                 @RestClient PartnerSyncServiceApi partnerSync, ServiceCalls calls, ObjectMapper objectMapper) {
        this.consents = consents;
        this.retention = retention;
        this.partnerSync = partnerSync;
        this.calls = calls;
        this.objectMapper = objectMapper;
    }

    public Result fetch(String service, String subjectId) {
        try {
            return switch (service) {
                case CONSENT -> {
                    ConsentExport slice = calls.call(service, TIMEOUT, ConsentExport.class, () -> consents.export(subjectId));
                    yield ofSubject(subjectId, slice.subjectId(), slice);
                }
                case RETENTION -> {
                    RetentionExport slice = calls.call(service, TIMEOUT, RetentionExport.class, () -> retention.export(subjectId));
                    yield ofSubject(subjectId, slice.subjectId(), slice);
                }
                case PARTNER_SYNC -> {
                    PartnerSyncExport slice = calls.call(service, TIMEOUT, PartnerSyncExport.class,
                            () -> partnerSync.export(subjectId));
                    Result result = ofSubject(subjectId, slice.subjectId(), slice);
                    // Some partner could not be read yet: partner-sync says so, and the export waits for it.
                    yield result.ok() && !slice.complete() ? Result.failed("INCOMPLETE") : result;
                }
                default -> throw new IllegalArgumentException("unknown export service " + service);
            };
        } catch (ServiceCallException e) {
            return Result.failed(switch (e.kind()) {
                case NO_ANSWER -> "UNAVAILABLE";
                case UNAUTHORIZED -> "UNAUTHORIZED";
                case UNPARSEABLE -> "MALFORMED";
                case NOT_FOUND, CONFLICT, SERVER_ERROR, OTHER_STATUS -> "HTTP_" + e.status();
            });
        }
    }

    /** Another subject's data is no better than garbage. */
    private Result ofSubject(String subjectId, String answeredFor, Object slice) {
        return subjectId.equals(answeredFor) ? new Result(objectMapper.valueToTree(slice), null) : Result.failed("MALFORMED");
    }
}
