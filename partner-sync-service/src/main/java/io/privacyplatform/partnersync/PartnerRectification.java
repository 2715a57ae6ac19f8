package io.privacyplatform.partnersync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The rectification of one order at one partner. Exists even when the partner holds nothing, so that the order's
 * outcome can be shown for every expected partner. Field codes only: the values stay at request-service.
 */
@Entity
@Table(name = "partner_rectification")
public class PartnerRectification extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    /** Where the values are fetched: {@code GET /requests/{requestId}/rectification} at request-service. */
    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(nullable = false)
    public String partner;

    /** Comma-separated field codes of the order. */
    @Column(nullable = false)
    public String fields;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public List<String> fieldList() {
        return Arrays.stream(fields.split(",")).filter(f -> !f.isBlank()).toList();
    }

    public static boolean exists(UUID orderId, String partner) {
        return count("orderId = ?1 and partner = ?2", orderId, partner) > 0;
    }

    public static List<PartnerRectification> ofOrder(UUID orderId) {
        return list("orderId = ?1 order by partner", orderId);
    }
}
