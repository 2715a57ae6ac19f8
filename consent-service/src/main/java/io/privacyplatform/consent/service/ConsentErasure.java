package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.consent.ConsentState;
import io.privacyplatform.consent.SubjectContact;
import io.privacyplatform.consent.SubjectRestriction;
import io.privacyplatform.consent.UnsubscribeLink;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.support.erasure.LocalErasure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;

/**
 * Executes an erasure order on consent-service's data: keeps the suppression entry of a subject who refused
 * marketing, deletes every row of the subject (ledger, state, restrictions, links, address hashes) and publishes
 * {@code erasure-confirmed}, in the caller's transaction.
 */
@ApplicationScoped
public class ConsentErasure {

    private static final List<LocalErasure.SubjectRows> TABLES = List.of(
            new LocalErasure.SubjectRows("consent-records", ConsentRecord::deleteOfSubject, ConsentRecord::countOfSubject),
            new LocalErasure.SubjectRows("consent-states", ConsentState::deleteOfSubject, ConsentState::countOfSubject),
            new LocalErasure.SubjectRows("restrictions", SubjectRestriction::deleteOfSubject, SubjectRestriction::countOfSubject),
            new LocalErasure.SubjectRows("unsubscribe-links", UnsubscribeLink::deleteOfSubject, UnsubscribeLink::countOfSubject),
            new LocalErasure.SubjectRows("email-hashes", SubjectContact::deleteOfSubject, SubjectContact::countOfSubject));

    private final LocalErasure erasure;
    private final SuppressionList suppression;

    ConsentErasure(LocalErasure erasure, SuppressionList suppression) {
        this.erasure = erasure;
        this.suppression = suppression;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void execute(ErasureOrdered order) {
        erasure.execute(order, Systems.CONSENT, TABLES, suppression::suppressBeforeErasure);
    }
}
