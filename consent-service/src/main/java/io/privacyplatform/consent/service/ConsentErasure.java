package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.consent.ConsentState;
import io.privacyplatform.consent.SubjectContact;
import io.privacyplatform.consent.SubjectRestriction;
import io.privacyplatform.consent.UnsubscribeLink;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.erasure.LocalErasure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Executes an erasure order on consent-service's data and publishes {@code erasure-confirmed}, in the caller's
 * transaction.
 * <ul>
 *     <li>A whole order (no scope): keeps the suppression entry of a subject who refused marketing, deletes every row
 *     of the subject (ledger, state, restrictions, links, address hashes).</li>
 *     <li>A scoped order: deletes the ledger entries, states and links of the consent purposes serving the order's
 *     purposes ({@code consentPurpose} of retention-policy.yaml) only. When one of them is a marketing purpose the
 *     subject has a state for, the suppression entry is written first: the purpose's retention has ended (a
 *     withdrawal, an objection or the inactivity lapse), so the person must not be re-contacted from a partner's
 *     list. The rest stays and the confirmation says why: the other consent purposes (kept for a kept purpose, or
 *     outside the order's purposes), the restrictions of processing (they concern every purpose) and the address
 *     hashes while a consent of the subject remains (they are what a later erasure suppresses).</li>
 * </ul>
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
    private final RetentionPolicy policy;

    ConsentErasure(LocalErasure erasure, SuppressionList suppression, RetentionPolicy policy) {
        this.erasure = erasure;
        this.suppression = suppression;
        this.policy = policy;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void execute(ErasureOrdered order) {
        if (order.whole()) {
            erasure.execute(order, Systems.CONSENT, TABLES, suppression::suppressBeforeErasure);
            return;
        }
        Set<ConsentPurpose> erased = consentPurposesOf(order.scope());
        String of = " (" + (erased.isEmpty() ? "no consent purpose"
                : erased.stream().map(ConsentPurpose::code).collect(Collectors.joining(", "))) + ")";
        List<LocalErasure.SubjectRows> tables = List.of(
                new LocalErasure.SubjectRows("consent-records" + of, s -> ConsentRecord.deleteOfSubject(s, erased),
                        s -> ConsentRecord.countOfSubject(s, erased)),
                new LocalErasure.SubjectRows("consent-states" + of, s -> ConsentState.deleteOfSubject(s, erased),
                        s -> ConsentState.countOfSubject(s, erased)),
                new LocalErasure.SubjectRows("unsubscribe-links" + of, s -> UnsubscribeLink.deleteOfSubject(s, erased),
                        s -> UnsubscribeLink.countOfSubject(s, erased)),
                // Runs after the states: the address hashes go with the subject's last consent.
                new LocalErasure.SubjectRows("email-hashes", s -> ConsentState.countOfSubject(s) == 0 ? SubjectContact.deleteOfSubject(s) : 0,
                        s -> ConsentState.countOfSubject(s) == 0 ? SubjectContact.countOfSubject(s) : 0));
        erasure.execute(order, Systems.CONSENT, tables, subject -> keptOnScopedErasure(subject, order.scope(), erased));
    }

    /** The consent purposes whose policy purpose the scope erases. */
    Set<ConsentPurpose> consentPurposesOf(ErasureScope scope) {
        Set<ConsentPurpose> purposes = EnumSet.noneOf(ConsentPurpose.class);
        scope.purposes().forEach(code -> policy.purpose(code).map(RetentionPolicy.Purpose::consentPurpose)
                .flatMap(ConsentPurpose::fromCode).ifPresent(purposes::add));
        return purposes;
    }

    /** Before the deletions: the suppression entry if a marketing purpose goes, and what stays with why. */
    private List<Exemption> keptOnScopedErasure(String subjectId, ErasureScope scope, Set<ConsentPurpose> erased) {
        List<ConsentState> states = ConsentState.ofSubject(subjectId);
        List<Exemption> kept = new ArrayList<>();
        if (states.stream().anyMatch(s -> s.key.purpose.marketing() && erased.contains(s.key.purpose))) {
            kept.addAll(suppression.suppress(subjectId));
        }
        List<ConsentState> staying = states.stream().filter(s -> !erased.contains(s.key.purpose)).toList();
        for (ConsentState state : staying) {
            kept.add(keptPurpose(state.key.purpose, scope));
        }
        if (SubjectRestriction.countOfSubject(subjectId) > 0) {
            kept.add(new Exemption(Systems.CONSENT, "restrictions", "a restriction of processing (GDPR Art. 18) concerns"
                    + " every purpose of the subject: a scoped erasure keeps it until it is lifted"));
        }
        if (!staying.isEmpty() && SubjectContact.countOfSubject(subjectId) > 0) {
            kept.add(new Exemption(Systems.CONSENT, "email-hashes", "keyed hashes only, kept with the subject's remaining"
                    + " consents: a later erasure puts them on the suppression list"));
        }
        return kept;
    }

    /** Why a consent purpose's rows stay: the kept policy purpose it serves, with its rule, or outside the order. */
    private Exemption keptPurpose(ConsentPurpose purpose, ErasureScope scope) {
        String category = "consent-records (" + purpose.code() + ")";
        Optional<RetentionPolicy.Purpose> served = policy.ofConsentPurpose(purpose.code());
        if (served.isPresent() && scope.keptPurposes().contains(served.get().code())) {
            return new Exemption(Systems.CONSENT, category, "kept for purpose " + served.get().code() + " (rule "
                    + served.get().rule() + ")", served.get().rule());
        }
        return new Exemption(Systems.CONSENT, category, "not in the order's scope: consent purpose " + purpose.code()
                + " serves none of its purposes (" + String.join(", ", scope.purposes()) + ")");
    }
}
