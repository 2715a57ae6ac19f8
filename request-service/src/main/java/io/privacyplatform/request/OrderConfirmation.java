package io.privacyplatform.request;

import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.order.OrderOutcome;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;

/**
 * What one system reported for a rectification, restriction or lift order; erasures have their own
 * {@link ErasureConfirmation}, which also holds the retained data.
 */
@Entity
@Table(name = "order_confirmation")
public class OrderConfirmation extends SystemConfirmation {

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderOutcome outcome;

    public static List<OrderConfirmation> ofOrder(UUID orderId) {
        return list("key.orderId = ?1 order by key.system", orderId);
    }

    /** The system's row for the order, or a new one for its first report. */
    public static OrderConfirmation of(UUID orderId, String system) {
        OrderConfirmation row = findById(new Key(orderId, system));
        return row != null ? row : new OrderConfirmation(new Key(orderId, system));
    }

    public OrderConfirmation() {
    }

    private OrderConfirmation(Key key) {
        this.key = key;
    }

    @Embeddable
    public record Key(@Column(name = "order_id") UUID orderId, @Column(name = "system") String system) implements Serializable {
    }
}
