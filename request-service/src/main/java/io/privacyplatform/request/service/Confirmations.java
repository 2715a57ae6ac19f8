package io.privacyplatform.request.service;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.order.OrderConfirmed;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.OrderConfirmation;
import io.privacyplatform.request.SystemConfirmation;
import io.privacyplatform.request.service.ConfirmationGate.Channel;
import io.privacyplatform.request.service.ConfirmationGate.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where every confirmation comes in, whatever its order (erasure, rectification, restriction, lift) and its channel
 * (a shared topic, a custom system's topic, HTTP): through the {@link ConfirmationGate}, then, if admitted, to
 * {@link ErasureTracking} or {@link OrderTracking}.
 */
@ApplicationScoped
public class Confirmations {

    private final ConfirmationGate gate;
    private final ErasureTracking erasures;
    private final OrderTracking orders;

    Confirmations(ConfirmationGate gate, ErasureTracking erasures, OrderTracking orders) {
        this.gate = gate;
        this.erasures = erasures;
        this.orders = orders;
    }

    /** Applies the erasure confirmation if the gate admits it from {@code principal} on {@code channel} (a consumer deduplicated it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Verdict receive(Channel channel, String principal, ErasureConfirmed confirmed) {
        Verdict verdict = gate.admit(channel, confirmed.system(), principal, confirmed.orderId(), confirmed.subjectId());
        if (verdict.admitted()) {
            erasures.recordConfirmation(confirmed);
        }
        return verdict;
    }

    /** Applies the rectification or restriction confirmation if the gate admits it (a consumer deduplicated it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Verdict receive(Channel channel, String principal, OrderConfirmed confirmed) {
        Verdict verdict = gate.admit(channel, confirmed.system(), principal, confirmed.orderId(), confirmed.subjectId());
        if (verdict.admitted()) {
            orders.recordConfirmation(confirmed);
        }
        return verdict;
    }

    /**
     * An erasure confirmation sent over HTTP, in its own transaction: a refusal is kept although the caller answers
     * with a problem. HTTP has no event id: a client retrying a confirmation already recorded (same order, system and
     * time) changes nothing.
     */
    @Transactional
    public Verdict receiveOverHttp(Channel channel, String client, ErasureConfirmed confirmed) {
        Verdict verdict = gate.admit(channel, confirmed.system(), client, confirmed.orderId(), confirmed.subjectId());
        if (verdict.admitted() && !sameAsRecorded(ErasureConfirmation.<ErasureConfirmation>findByIdOptional(
                new ErasureConfirmation.Key(confirmed.orderId(), confirmed.system())), confirmed.confirmedAt())) {
            erasures.recordConfirmation(confirmed);
        }
        return verdict;
    }

    /** As {@link #receiveOverHttp(Channel, String, ErasureConfirmed)}, for a rectification or restriction order. */
    @Transactional
    public Verdict receiveOverHttp(Channel channel, String client, OrderConfirmed confirmed) {
        Verdict verdict = gate.admit(channel, confirmed.system(), client, confirmed.orderId(), confirmed.subjectId());
        if (verdict.admitted() && !sameAsRecorded(OrderConfirmation.<OrderConfirmation>findByIdOptional(
                new OrderConfirmation.Key(confirmed.orderId(), confirmed.system())), confirmed.confirmedAt())) {
            orders.recordConfirmation(confirmed);
        }
        return verdict;
    }

    /** The same confirmation is stored: PostgreSQL keeps microseconds, so a finer {@code confirmedAt} was rounded. */
    private static boolean sameAsRecorded(Optional<? extends SystemConfirmation> recorded, Instant confirmedAt) {
        return recorded.filter(c -> Math.abs(Duration.between(c.confirmedAt, confirmedAt).toNanos()) < 1_000).isPresent();
    }
}
