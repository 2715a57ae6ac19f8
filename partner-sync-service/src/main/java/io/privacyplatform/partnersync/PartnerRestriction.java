package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * A restriction order (GDPR Art. 18 and 19: {@code restriction-changed} with an {@code orderId}) at one partner it
 * names. Changes without an {@code orderId} (older producers) have no row: they are applied, not confirmed.
 */
@Entity
@Table(name = "partner_restriction")
public class PartnerRestriction extends PartnerOrder {

    /** RESTRICTION (restricted) or RESTRICTION_LIFT (lifted). */
    @Enumerated(EnumType.STRING)
    @Column(name = "kind", nullable = false)
    public OrderKind restrictionKind;

    /** A new row of the order at the partner (persist it). */
    public static PartnerRestriction of(RestrictionChanged change, String partner, Instant now) {
        PartnerRestriction restriction = new PartnerRestriction();
        restriction.start(change.orderId(), change.requestId(), change.subjectId(), partner, now);
        restriction.restrictionKind = Boolean.TRUE.equals(change.restricted()) ? OrderKind.RESTRICTION : OrderKind.RESTRICTION_LIFT;
        return restriction;
    }

    public static boolean exists(java.util.UUID orderId, String partner) {
        return count("orderId = ?1 and partner = ?2", orderId, partner) > 0;
    }

    @Override
    public OrderKind kind() {
        return restrictionKind;
    }

    @Override
    public List<PartnerTask> tasks() {
        return PartnerTask.list("partnerRestrictionId = ?1 order by createdAt, id", id);
    }
}
