package io.privacyplatform.consent.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.consent.ConsentAction;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentReason;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.ConsentState;
import io.privacyplatform.contracts.consent.ConsentLapsed;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.util.Optional;

/**
 * A consent whose inactivity period ended (policy §4, 4th criterion; {@code consent-lapsed} from retention-service)
 * is withdrawn in the ledger with reason LAPSED, source {@code inactivity-lapse}, and {@code consent-changed} goes out
 * like for any withdrawal. Nothing happens when the consent is no longer granted, or when it was granted again after
 * the last contact the lapse counts from (retention-service had not learned of it yet). A restriction of processing
 * does not stop it: the lapse ends a consent, it erases nothing.
 */
@ApplicationScoped
public class ConsentLapses {

    /** What a lapse did. */
    public enum Result { WITHDRAWN, NOT_GRANTED, GRANTED_SINCE, NOT_A_CONSENT }

    private final ConsentService consents;
    private final EntityManager entityManager;
    private final MeterRegistry meters;

    ConsentLapses(ConsentService consents, EntityManager entityManager, MeterRegistry meters) {
        this.consents = consents;
        this.entityManager = entityManager;
        this.meters = meters;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Result apply(ConsentLapsed lapse) {
        Result result = withdraw(lapse);
        meters.counter("consents.lapses", "result", result.name()).increment();
        Log.infof("Consent lapse %s (%s, rule %s): %s", lapse.lapseId(), lapse.purpose(), lapse.rule(), result);
        return result;
    }

    private Result withdraw(ConsentLapsed lapse) {
        Optional<ConsentPurpose> purpose = ConsentPurpose.fromCode(lapse.purpose())
                .filter(p -> p.legalBasis() == ConsentPurpose.LegalBasis.CONSENT);
        if (purpose.isEmpty()) {
            return Result.NOT_A_CONSENT;
        }
        // The state row is locked for the transaction: a grant arriving meanwhile waits, then supersedes this withdrawal.
        ConsentState state = entityManager.find(ConsentState.class, new ConsentState.Key(lapse.subjectId(), purpose.get()),
                LockModeType.PESSIMISTIC_WRITE);
        if (state == null || !state.granted) {
            return Result.NOT_GRANTED;
        }
        if (state.changedAt.isAfter(lapse.lastContactAt())) {
            return Result.GRANTED_SINCE;
        }
        consents.record(new ConsentService.Change(lapse.subjectId(), purpose.get(), ConsentAction.WITHDRAW,
                ConsentSource.INACTIVITY_LAPSE, null, null, lapse.lapseId().toString(), "retention", null,
                "consent-lapsed:" + lapse.lapseId(), null, null, ConsentReason.LAPSED));
        return Result.WITHDRAWN;
    }
}
