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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * One entry of a request's audit trail: what happened, when, who did it, and the status before and after.
 * Append-only (a database trigger refuses updates and deletes; only the purge deletes a whole chain with its request,
 * at the end of the accountability period) and chained: {@code hash} is the SHA-256 of the
 * entry's canonical form, which includes {@code previousHash}. Notes carry ids and codes, never personal data.
 * Entries are written by {@link DataSubjectRequest#transition} only. The canonical form is the one of the SQL
 * function {@code request_audit_hash} (migration V2): an auditor can recompute it with SQL alone.
 */
@Entity
@Table(name = "request_audit")
public class AuditEntry extends PanacheEntityBase {

    public static final String GENESIS = "0".repeat(64);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

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

    /** The next entry of the request's chain, not yet persisted; the request's head moves to it. */
    static AuditEntry next(DataSubjectRequest request, AuditKind kind, RequestStatus from, String actor, Instant at, String note) {
        AuditEntry entry = new AuditEntry();
        entry.requestId = request.id;
        entry.seq = request.auditLength() + 1;
        entry.kind = kind;
        entry.fromStatus = from;
        entry.toStatus = request.status();
        entry.actor = actor;
        entry.at = at.truncatedTo(ChronoUnit.MICROS);
        entry.note = note;
        entry.previousHash = request.auditHead() == null ? GENESIS : request.auditHead();
        entry.hash = entry.expectedHash();
        request.chain(entry);
        return entry;
    }

    /** SHA-256 (hex) of the canonical form: each field as {@code <UTF-8 length>:<value>\n}, {@code ~\n} for null. */
    public String expectedHash() {
        StringBuilder canonical = new StringBuilder(256);
        field(canonical, requestId.toString());
        field(canonical, Integer.toString(seq));
        field(canonical, kind.name());
        field(canonical, fromStatus == null ? null : fromStatus.name());
        field(canonical, toStatus.name());
        field(canonical, actor);
        field(canonical, TIME.format(at));
        field(canonical, note);
        field(canonical, previousHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static void field(StringBuilder canonical, String value) {
        if (value == null) {
            canonical.append('~');
        } else {
            canonical.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
        }
        canonical.append('\n');
    }
}
