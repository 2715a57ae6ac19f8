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
import java.util.UUID;

/** A subject's current post-mortem directives (policy §13.1), recorded by an approved POST_MORTEM_DIRECTIVES request. */
@Entity
@Table(name = "post_mortem_directive")
public class PostMortemDirective extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public String subjectId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Directive directive;

    /** Designated person and instructions (JSON), encrypted. */
    @Column(name = "details_ct", nullable = false)
    public String detailsCt;

    /** The request that recorded or last updated them. */
    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Version
    public long version;
}
