package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.order.OrderOutcome;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.time.Instant;
import java.util.UUID;

/**
 * Where an (order, partner) stands with its {@code order-confirmed}: when and how it was last confirmed, and whether an
 * operator changed a task since (then it is confirmed again once its tasks are finished; consumers keep the latest).
 */
@Embeddable
public class OrderConfirmationState {

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Enumerated(EnumType.STRING)
    public OrderOutcome outcome;

    /** Id of the latest {@code order-confirmed} published for it. */
    @Column(name = "confirmation_event_id")
    public UUID confirmationEventId;

    /** How many {@code order-confirmed} were published (more than one after operators retried or resolved tasks). */
    @Column(nullable = false)
    public int confirmations;

    @Column(nullable = false)
    public boolean reconfirm;

    /** Never confirmed, or changed by an operator since. */
    public boolean due() {
        return confirmedAt == null || reconfirm;
    }

    /** An operator retried or resolved one of its tasks: confirm again once all are finished. */
    public void reopen() {
        if (confirmedAt != null) {
            reconfirm = true;
        }
    }

    /** @return whether this was a confirmation again */
    public boolean confirmed(UUID eventId, OrderOutcome outcome, Instant now) {
        boolean again = confirmedAt != null;
        this.confirmationEventId = eventId;
        this.outcome = outcome;
        this.confirmedAt = now;
        this.confirmations++;
        this.reconfirm = false;
        return again;
    }
}
