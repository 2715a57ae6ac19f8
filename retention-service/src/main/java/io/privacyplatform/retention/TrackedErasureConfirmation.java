package io.privacyplatform.retention;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One system's latest answer to an erasure order this service placed. */
@Entity
@Table(name = "tracked_erasure_confirmation")
public class TrackedErasureConfirmation extends PanacheEntityBase {

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public String outcome;

    @Column(name = "evidence_items", nullable = false)
    public int evidenceItems;

    /** JSON list of {@code Exemption}. */
    @Column(nullable = false)
    public String retained;

    @Column(name = "confirmed_at", nullable = false)
    public Instant confirmedAt;

    @Embeddable
    public record Key(@Column(name = "order_id") UUID orderId, @Column(name = "system") String system) implements Serializable {
    }

    public static List<TrackedErasureConfirmation> ofOrder(UUID orderId) {
        return list("key.orderId = ?1 order by confirmedAt", orderId);
    }

    public static List<TrackedErasureConfirmation> ofOrders(List<UUID> orderIds) {
        return orderIds.isEmpty() ? List.of() : list("key.orderId in ?1", orderIds);
    }
}
