package io.privacyplatform.contracts;

import io.privacyplatform.contracts.export.ConsentExport;
import io.privacyplatform.contracts.export.PartnerSyncExport;
import io.privacyplatform.contracts.export.RetentionExport;
import io.privacyplatform.contracts.rectification.CorrectedValues;
import io.privacyplatform.contracts.retention.SubjectHolds;
import io.privacyplatform.contracts.subject.SubjectContactDetails;

import java.util.List;

/**
 * The catalogue of service-to-service HTTP answers (the events are in {@link Events}). Every call carries the
 * caller's service token (role {@code platform}); the answers carry personal data, so they are read in memory or
 * stored encrypted, never logged or put on Kafka. A contract call succeeds with 200 and this JSON only.
 */
public final class HttpContracts {

    /** consent-service's slice of an access or portability export. Read by request-service. */
    public static final HttpContract<ConsentExport> CONSENT_EXPORT = new HttpContract<>(
            "consent-export", "consent-service", "GET /consents/export?subjectId={subjectId}", 1, ConsentExport.class);

    /** retention-service's slice of an access export. Read by request-service. */
    public static final HttpContract<RetentionExport> RETENTION_EXPORT = new HttpContract<>(
            "retention-export", "retention-service", "GET /subjects/{subjectId}/export", 1, RetentionExport.class);

    /** partner-sync-service's slice of an access export. Read by request-service. */
    public static final HttpContract<PartnerSyncExport> PARTNER_SYNC_EXPORT = new HttpContract<>(
            "partner-sync-export", "partner-sync-service", "GET /subjects/{subjectId}/export", 1, PartnerSyncExport.class);

    /**
     * The values of an approved rectification ({@code rectification-ordered} names the fields only). Read by
     * partner-sync and retention-service (for the datastores).
     */
    public static final HttpContract<CorrectedValues> RECTIFICATION_VALUES = new HttpContract<>(
            "rectification-values", "request-service", "GET /requests/{requestId}/rectification", 1, CorrectedValues.class);

    /**
     * A subject's email addresses, from the contact columns of the company datastores retention-service connects
     * (their manifests' {@code contact:}). 404 when none holds one. Read by partner-sync for its email lookup
     * ({@code quarkus.rest-client.subject-contact.url} pointing at retention-service).
     */
    public static final HttpContract<SubjectContactDetails> SUBJECT_CONTACT = new HttpContract<>(
            "subject-contact", "retention-service", "GET /subjects/{subjectId}/contact", 1, SubjectContactDetails.class);

    /**
     * The legal holds in force on a subject, without their reasons. Read by request-service when it orders an
     * erasure, so that the order keeps what they cover in every system.
     */
    public static final HttpContract<SubjectHolds> SUBJECT_HOLDS = new HttpContract<>(
            "subject-holds", "retention-service", "GET /subjects/{subjectId}/holds", 1, SubjectHolds.class);

    public static final List<HttpContract<?>> ALL = List.of(CONSENT_EXPORT, RETENTION_EXPORT, PARTNER_SYNC_EXPORT,
            RECTIFICATION_VALUES, SUBJECT_CONTACT, SUBJECT_HOLDS);

    private HttpContracts() {
    }
}
