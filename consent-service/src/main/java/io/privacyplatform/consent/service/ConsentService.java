package io.privacyplatform.consent.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.config.ConsentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The consent ledger: grants and withdrawals are appended with their proof; the latest row per purpose rules. */
@ApplicationScoped
public class ConsentService {

    private final ConsentConfig config;
    private final MeterRegistry meters;
    private final Clock clock;

    ConsentService(ConsentConfig config, MeterRegistry meters) {
        this.config = config;
        this.meters = meters;
        this.clock = Clock.systemUTC();
    }

    /**
     * Appends a grant or a withdrawal.
     *
     * @param policyVersion the policy text the subject was shown, or null for the current one
     * @param recordedBy    the token subject of the caller (the subject, or a platform backend)
     */
    @Transactional
    public ConsentRecord record(String subjectId, ConsentPurpose purpose, boolean granted, ConsentSource source,
                                String policyVersion, String recordedBy) {
        ConsentRecord record = new ConsentRecord();
        record.subjectId = subjectId;
        record.purpose = purpose;
        record.granted = granted;
        record.recordedAt = clock.instant();
        record.source = source;
        record.policyVersion = policyVersion == null ? config.policyVersion() : policyVersion;
        record.recordedBy = recordedBy;
        record.persist();
        meters.counter("consents.recorded", "purpose", purpose.code(), "granted", Boolean.toString(granted)).increment();
        return record;
    }

    /** Every row of the subject, oldest first. */
    @Transactional
    public List<ConsentRecord> history(String subjectId) {
        return ConsentRecord.ofSubject(subjectId);
    }

    /** The latest row of each purpose the subject ever answered. */
    public static List<ConsentRecord> current(List<ConsentRecord> history) {
        Map<ConsentPurpose, ConsentRecord> latest = new LinkedHashMap<>();
        history.forEach(record -> latest.put(record.purpose, record));
        return List.copyOf(latest.values());
    }
}
