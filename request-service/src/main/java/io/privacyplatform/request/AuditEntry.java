package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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
 * One entry of a request's audit trail: what happened, when, who did it, and the status before and after.
 * Append-only (a database trigger refuses updates and deletes) and chained: {@code hash} is the SHA-256 of the
 * entry's canonical form, which includes {@code previousHash}. Notes carry ids and codes, never personal data.
 */
@Entity
@Table(name = "request_audit")
public class AuditEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    /** 1, 2, 3... within the request. */
    @Column(nullable = false)
    public int seq;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AuditKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public RequestStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    public RequestStatus toStatus;

    /** A subject id, a staff member's or service's token subject, or {@code system:request-service}. */
    @Column(nullable = false)
    public String actor;

    /** Microsecond precision, as PostgreSQL stores it: the hash is computed on the stored value. */
    @Column(nullable = false)
    public Instant at;

    public String note;

    @Column(name = "previous_hash", nullable = false)
    public String previousHash;

    @Column(nullable = false)
    public String hash;

    public static List<AuditEntry> of(UUID requestId) {
        return list("requestId = ?1 order by seq", requestId);
    }
}
