package io.privacyplatform.request;

import io.privacyplatform.contracts.erasure.ErasureOutcome;
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
 * What one system reported for an erasure order: its outcome and, as JSON, the data it retains on purpose and the objects
 * resolved by hand.
 */
@Entity
@Table(name = "erasure_confirmation")
public class ErasureConfirmation extends SystemConfirmation {

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ErasureOutcome outcome;

    @Column(nullable = false)
    public String retained;

    /**
     * The objects a person resolved by hand after the system failed (contract {@code ManualResolution}s, as JSON), or
     * null: the receipt then says "resolved by hand" with their categories, never "erased".
     */
    @Column(name = "resolved_by_hand")
    public String resolvedByHand;

    public static List<ErasureConfirmation> ofOrder(UUID orderId) {
        return list("key.orderId = ?1 order by key.system", orderId);
    }

    /** The system's row for the order, or a new one for its first report. */
    public static ErasureConfirmation of(UUID orderId, String system) {
        ErasureConfirmation row = findById(new Key(orderId, system));
        return row != null ? row : new ErasureConfirmation(new Key(orderId, system));
    }

    public ErasureConfirmation() {
    }

    private ErasureConfirmation(Key key) {
        this.key = key;
    }

    @Embeddable
    public record Key(@Column(name = "order_id") UUID orderId, @Column(name = "system") String system) implements Serializable {
    }
}
