package io.privacyplatform.consent;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One grant, withdrawal or objection in the ledger: who, when, how, under which policy version and notice
 * text (the proof of consent of GDPR Art. 7(1)), and for a partner-sourced grant the partner and the evidence
 * of the client's request. Rows are appended, never updated (a database trigger refuses updates).
 */
@Entity
@Table(name = "consent_record")
public class ConsentRecord extends PanacheEntityBase {

    /** Ledger order: a later row of the same purpose supersedes an earlier one. */
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    /** The id published as {@code consentRecordId} in {@code consent-changed}. */
    @Column(name = "entry_id", nullable = false, updatable = false)
    public UUID entryId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Convert(converter = ConsentPurpose.Converter.class)
    @Column(nullable = false)
    public ConsentPurpose purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConsentAction action;

    @Column(nullable = false)
    public boolean granted;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Convert(converter = ConsentSource.Converter.class)
    @Column(nullable = false)
    public ConsentSource source;

    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    /** SHA-256 of the notice text of {@code purpose} in {@code policyVersion}. */
    @Column(name = "notice_hash")
    public String noticeHash;

    /** The actor: the subject, the privacy officer or the platform backend (token sub), a link id, or a request id. */
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    /** The actor's role, or {@code link} / {@code request} for the one-click link and objections. */
    @Column(name = "actor_role", nullable = false)
    public String actorRole;

    /** PARTNER only: the partner's code. */
    public String partner;

    /** A reference to the evidence (the client's request to the partner, the email to the DPO); never the content. */
    public String evidence;

    /** OBJECTION_REQUEST only: the request-service request. */
    @Column(name = "request_id")
    public UUID requestId;

    /** A withdrawal the subject did not ask for: why (LAPSED); null otherwise. */
    @Enumerated(EnumType.STRING)
    public ConsentReason reason;

    public static List<ConsentRecord> ofSubject(String subjectId) {
        return list("subjectId = ?1 order by id", subjectId);
    }

    public static long countOfSubject(String subjectId) {
        return count("subjectId", subjectId);
    }

    public static long deleteOfSubject(String subjectId) {
        return delete("subjectId", subjectId);
    }

    /** The subject's rows of these purposes only (a scoped erasure). */
    public static long countOfSubject(String subjectId, java.util.Collection<ConsentPurpose> purposes) {
        return purposes.isEmpty() ? 0 : count("subjectId = ?1 and purpose in ?2", subjectId, purposes);
    }

    public static long deleteOfSubject(String subjectId, java.util.Collection<ConsentPurpose> purposes) {
        return purposes.isEmpty() ? 0 : delete("subjectId = ?1 and purpose in ?2", subjectId, purposes);
    }
}
