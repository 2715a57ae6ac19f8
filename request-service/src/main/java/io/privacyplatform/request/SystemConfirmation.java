package io.privacyplatform.request;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/**
 * What every system's report of an order keeps, whatever the order ({@link ErasureConfirmation},
 * {@link OrderConfirmation}): one row per (order, system), holding the system's latest word. Evidence and notices are
 * stored as JSON.
 */
@MappedSuperclass
public abstract class SystemConfirmation extends PanacheEntityBase {

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(nullable = false)
    public String evidence;

    @Column(nullable = false)
    public String notices;

    /** When the system says it acted: the latest report wins. */
    @Column(name = "confirmed_at", nullable = false)
    public Instant confirmedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    /** The row holds a later report than one made at {@code reportedAt}, which therefore changes nothing. */
    public boolean isLaterThan(Instant reportedAt) {
        return confirmedAt != null && confirmedAt.isAfter(reportedAt);
    }
}
