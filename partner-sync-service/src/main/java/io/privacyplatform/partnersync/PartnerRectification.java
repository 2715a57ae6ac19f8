package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.order.OrderKind;
import io.privacyplatform.contracts.rectification.RectificationOrdered;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The rectification of one order at one partner. Field codes only: the values stay at request-service, where they are
 * fetched with the request id ({@code GET /requests/{requestId}/rectification}).
 */
@Entity
@Table(name = "partner_rectification")
public class PartnerRectification extends PartnerOrder {

    /** Comma-separated field codes of the order. */
    @Column(nullable = false)
    public String fields;

    /** A new row of the order at the partner (persist it). */
    public static PartnerRectification of(RectificationOrdered order, String partner, Instant now) {
        PartnerRectification rectification = new PartnerRectification();
        rectification.start(order.orderId(), order.requestId(), order.subjectId(), partner, now);
        rectification.fields = String.join(",", order.fields());
        return rectification;
    }

    public List<String> fieldList() {
        return Arrays.stream(fields.split(",")).filter(f -> !f.isBlank()).toList();
    }

    public static boolean exists(UUID orderId, String partner) {
        return count("orderId = ?1 and partner = ?2", orderId, partner) > 0;
    }

    public static List<PartnerRectification> ofOrder(UUID orderId) {
        return list("orderId = ?1 order by partner", orderId);
    }

    @Override
    public OrderKind kind() {
        return OrderKind.RECTIFICATION;
    }

    @Override
    public List<PartnerTask> tasks() {
        return PartnerTask.list("partnerRectificationId = ?1 order by createdAt, id", id);
    }
}
