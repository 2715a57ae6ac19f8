package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A subject's post-mortem directives (policy §13.1), recorded by an approved POST_MORTEM_DIRECTIVES request. In force
 * until they end ({@link #end}): executed by an heir's request that completed on them, or revoked. The row then stays
 * as the record of them; the purge deletes the directive itself (retention rule post-mortem-directives), then the row
 * (rule request-accountability).
 */
@Entity
@Table(name = "post_mortem_directive")
public class PostMortemDirective extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Directive directive;

    /** Designated person and instructions (JSON), encrypted; null once deleted after the directives ended. */
    @Column(name = "details_ct")
    public String detailsCt;

    /** The request that recorded or last updated them. */
    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    /** How directives end. */
    public enum EndReason { EXECUTED, REVOKED }

    @Column(name = "ended_at")
    public Instant endedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "end_reason")
    public EndReason endReason;

    /** The heir's request that executed them, or the request that revoked them. */
    @Column(name = "ended_by")
    public UUID endedBy;

    @Version
    public long version;

    /** The subject's directives in force, if any. */
    public static Optional<PostMortemDirective> inForce(String subjectId) {
        return PostMortemDirective.<PostMortemDirective>findByIdOptional(subjectId).filter(d -> d.endedAt == null);
    }

    /** The directives stop being in force; the purge deletes them once rule post-mortem-directives says so. */
    public void end(EndReason reason, UUID request, Instant at) {
        endedAt = at;
        endReason = reason;
        endedBy = request;
    }

    /** Directives recorded anew for a subject whose earlier ones ended: the row describes the new ones. */
    public void recordAgain() {
        endedAt = null;
        endReason = null;
        endedBy = null;
    }
}
