package io.privacyplatform.request.service;

import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.request.ErasureConfirmation;
import io.privacyplatform.request.service.ConfirmationGate.Channel;
import io.privacyplatform.request.service.ConfirmationGate.Verdict;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Duration;

/**
 * Where every erasure confirmation comes in, whatever its channel (the shared topic, a custom system's topic, HTTP):
 * through the {@link ConfirmationGate}, then, if admitted, to {@link ErasureTracking}.
 */
@ApplicationScoped
public class ErasureConfirmations {

    private final ConfirmationGate gate;
    private final ErasureTracking erasures;

    ErasureConfirmations(ConfirmationGate gate, ErasureTracking erasures) {
        this.gate = gate;
        this.erasures = erasures;
    }

    /** Applies the confirmation if the gate admits it from {@code principal} on {@code channel} (a consumer deduplicated it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Verdict receive(Channel channel, String principal, ErasureConfirmed confirmed) {
        Verdict verdict = gate.admit(channel, confirmed.system(), principal, confirmed.orderId(), confirmed.subjectId());
        if (verdict.admitted()) {
            erasures.recordConfirmation(confirmed);
        }
        return verdict;
    }

    /**
     * A confirmation sent over HTTP, in its own transaction: a refusal is kept although the caller answers with a
     * problem. HTTP has no event id: a client retrying a confirmation already recorded (same order, system and time)
     * changes nothing.
     */
    @Transactional
    public Verdict receiveOverHttp(Channel channel, String client, ErasureConfirmed confirmed) {
        Verdict verdict = gate.admit(channel, confirmed.system(), client, confirmed.orderId(), confirmed.subjectId());
        if (verdict.admitted() && !alreadyRecorded(confirmed)) {
            erasures.recordConfirmation(confirmed);
        }
        return verdict;
    }

    /** The same confirmation is stored: PostgreSQL keeps microseconds, so a finer {@code confirmedAt} was rounded. */
    private static boolean alreadyRecorded(ErasureConfirmed confirmed) {
        return ErasureConfirmation.<ErasureConfirmation>findByIdOptional(
                        new ErasureConfirmation.Key(confirmed.orderId(), confirmed.system()))
                .filter(c -> Math.abs(Duration.between(c.confirmedAt, confirmed.confirmedAt()).toNanos()) < 1_000)
                .isPresent();
    }
}
