package io.privacyplatform.request;

import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What one system reported for a rectification, restriction or lift order (its latest word). Evidence and notices
 * are stored as JSON; erasures have their own {@link ErasureConfirmation}, which also holds the retained data.
 */
@Entity
@Table(name = "order_confirmation")
public class OrderConfirmation extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderOutcome outcome;

    @Column(nullable = false)
    public String evidence;

    @Column(nullable = false)
    public String notices;

    @Column(name = "confirmed_at", nullable = false)
    public Instant confirmedAt;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    public static List<OrderConfirmation> ofOrder(UUID orderId) {
        return list("key.orderId = ?1 order by key.system", orderId);
    }

    @Embeddable
    public record Key(@Column(name = "order_id") UUID orderId, @Column(name = "system") String system) implements Serializable {
    }
}
