package io.privacyplatform.request;

import io.privacyplatform.contracts.request.RequestType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * A request sent through the email channel, waiting for its one-time code. It holds the address only encrypted, until
 * the code is verified (the address then moves to the request, for the mails about it) or the filing is purged, and
 * the code only as an HMAC. Verified, it becomes a
 * {@link DataSubjectRequest} (FILED, channel EMAIL), named by {@link #requestId}.
 */
@Entity
@Table(name = "email_filing")
public class EmailFiling extends PanacheEntityBase {

    /** Where an email filing stands: the {@code AWAITING_VERIFICATION} step before a request is FILED. */
    public enum Status {
        AWAITING_VERIFICATION,
        /** The code matched; the request is filed. */
        VERIFIED,
        /** Closed: every attempt was used with a wrong code. */
        UNVERIFIED
    }

    @Id
    public UUID id;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RequestType type;

    @Column(name = "details_ct", nullable = false)
    public String detailsCt;

    @Column(name = "code_hash", nullable = false)
    public String codeHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(nullable = false)
    public int attempts;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "request_id")
    public UUID requestId;

    /** The language asked at filing ({@code fr}, {@code en}), copied to the request at verification. */
    @Column(nullable = false)
    public String language = Language.FR.code();

    /** The address the code goes to, encrypted; it moves to the request at verification (then null here). */
    @Column(name = "email_ct")
    public String emailCt;
}
