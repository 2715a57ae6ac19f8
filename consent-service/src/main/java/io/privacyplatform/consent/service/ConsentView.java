package io.privacyplatform.consent.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.privacyplatform.consent.ConsentRecord;

import java.time.Instant;
import java.util.UUID;

/**
 * One ledger entry with its proof: when, how, under which notice, by whom, the partner's evidence, and for a
 * withdrawal the subject did not ask for its reason ({@code LAPSED}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsentView(UUID entryId, String purpose, String action, boolean granted, Instant recordedAt,
                          String source, String policyVersion, String noticeHash, String recordedBy, String actorRole,
                          String partner, String evidence, UUID requestId, String reason) {

    static ConsentView of(ConsentRecord record) {
        return new ConsentView(record.entryId, record.purpose.code(), record.action.name(), record.granted,
                record.recordedAt, record.source.code(), record.policyVersion, record.noticeHash, record.recordedBy,
                record.actorRole, record.partner, record.evidence, record.requestId,
                record.reason == null ? null : record.reason.name());
    }
}
