package io.privacyplatform.consent.rest;

import io.privacyplatform.consent.ConsentRecord;

import java.time.Instant;

/** One grant or withdrawal with its proof: when, how, under which policy version, recorded by whom. */
public record ConsentView(String purpose, boolean granted, Instant recordedAt, String source, String policyVersion,
                          String recordedBy) {

    static ConsentView of(ConsentRecord record) {
        return new ConsentView(record.purpose.code(), record.granted, record.recordedAt, record.source.code(),
                record.policyVersion, record.recordedBy);
    }
}
