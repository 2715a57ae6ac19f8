package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.order.OrderKind;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One rectification or restriction order at one partner ({@link PartnerRectification}, {@link PartnerRestriction}):
 * what its {@code order-confirmed} is about, where its confirmation stands, and the tasks that must be finished before
 * it is published. Exists even when the partner holds nothing, so that every expected partner confirms.
 */
@MappedSuperclass
public abstract class PartnerOrder extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "order_id", nullable = false)
    public UUID orderId;

    @Column(name = "request_id", nullable = false)
    public UUID requestId;

    @Column(name = "subject_id", nullable = false)
    public String subjectId;

    @Column(nullable = false)
    public String partner;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Embedded
    public OrderConfirmationState confirmation = new OrderConfirmationState();

    /** Fills the columns every (order, partner) row has, with a new id (then persist it). */
    protected void start(UUID orderId, UUID requestId, String subjectId, String partner, Instant createdAt) {
        this.id = UUID.randomUUID();
        this.orderId = orderId;
        this.requestId = requestId;
        this.subjectId = subjectId;
        this.partner = partner;
        this.createdAt = createdAt;
    }

    public abstract OrderKind kind();

    /** Its tasks, oldest first. */
    public abstract List<PartnerTask> tasks();
}
