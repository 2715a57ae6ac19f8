package io.privacyplatform.consent.service;

import io.privacyplatform.consent.SubjectRestriction;
import io.privacyplatform.contracts.restriction.RestrictionChanged;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Restrictions of processing (GDPR Art. 18) in force for a subject: while one is, the effective state of every
 * purpose is "no" (storage only); the ledger is untouched, so the consents in force apply again once it is lifted.
 */
@ApplicationScoped
public class Restrictions {

    /** A restriction in force. */
    public record Restriction(UUID requestId, String reason, Instant since) {
    }

    /** Puts the restriction of the change in force, or lifts it; a repeated change does nothing more. */
    @Transactional
    public void apply(RestrictionChanged change) {
        SubjectRestriction.Key key = new SubjectRestriction.Key(change.subjectId(), change.requestId());
        SubjectRestriction existing = SubjectRestriction.findById(key);
        if (Boolean.TRUE.equals(change.restricted())) {
            if (existing == null) {
                SubjectRestriction restriction = new SubjectRestriction();
                restriction.subjectId = change.subjectId();
                restriction.requestId = change.requestId();
                restriction.reason = change.reason().name();
                restriction.since = change.changedAt();
                restriction.persist();
            }
        } else if (existing != null) {
            existing.delete();
        }
        Log.infof("Restriction of request %s %s", change.requestId(), change.restricted() ? "in force" : "lifted");
    }

    @Transactional
    public boolean inForce(String subjectId) {
        return SubjectRestriction.countOfSubject(subjectId) > 0;
    }

    @Transactional
    public List<Restriction> ofSubject(String subjectId) {
        return SubjectRestriction.ofSubject(subjectId).stream()
                .map(r -> new Restriction(r.requestId, r.reason, r.since)).toList();
    }
}
