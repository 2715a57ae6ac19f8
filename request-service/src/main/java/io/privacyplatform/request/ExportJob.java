package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The export of an approved ACCESS or PORTABILITY request: PENDING until every slice is in, then READY
 * (or CANCELLED when the request is withdrawn first). */
@Entity
@Table(name = "export_job")
public class ExportJob extends PanacheEntityBase {

    /**
     * CANCELLED: the request was withdrawn before the export was ready; nothing was assembled. EXPIRED: the document
     * was deleted once its download link expired (retention rule export-document-expired, by the purge).
     */
    public enum Status { PENDING, READY, CANCELLED, EXPIRED }

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    /** ACCESS or PORTABILITY. */
    @Column(nullable = false)
    public String kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "ready_at")
    public Instant readyAt;

    /** The assembled document, encrypted (Sealed.EXPORT_DOCUMENT). */
    @Column(name = "document_ct")
    public String documentCt;

    /** SHA-256 (hex) of the current download link token. */
    @Column(name = "link_hash")
    public String linkHash;

    @Column(name = "link_expires_at")
    public Instant linkExpiresAt;

    public int downloads;
}
