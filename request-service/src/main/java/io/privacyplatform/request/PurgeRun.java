package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One run of the purge of request-service's own records (service.purge.RecordPurge): when, why, under which version of
 * the policy file, and how many records each rule removed. Counts and codes only, no personal data.
 */
@Entity
@Table(name = "request_purge_run")
public class PurgeRun extends PanacheEntityBase {

    @Id
    public UUID id;

    /** SCHEDULE or ON_DEMAND. */
    @Column(nullable = false)
    public String trigger;

    /** {@code system:request-service}, or the token subject of whoever asked for it. */
    @Column(name = "started_by", nullable = false)
    public String startedBy;

    /** The purge's time: every rule's expiry is compared with it. */
    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false)
    public Instant finishedAt;

    /** {@code version} of retention-policy.yaml. */
    @Column(name = "policy_version", nullable = false)
    public String policyVersion;

    /** JSON: rule code -> record code -> number of records removed. */
    @Column(nullable = false)
    public String counts;
}
