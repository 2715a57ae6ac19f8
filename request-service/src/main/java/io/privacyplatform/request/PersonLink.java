package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One signed link to a request's status page and export, as sent to the person (issue 14). The token is signed, not
 * stored; this row is what lets the link expire, be revoked, and be counted.
 */
@Entity
@Table(name = "person_link")
public class PersonLink extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** The officer who revoked it (their {@code sub}). */
    @Column(name = "revoked_by")
    public String revokedBy;

    /** How many times the link opened the page or the export. */
    public int opened;
}
