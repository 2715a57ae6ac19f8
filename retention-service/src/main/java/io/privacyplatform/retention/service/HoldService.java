package io.privacyplatform.retention.service;

import io.privacyplatform.retention.LegalHold;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Legal holds: placed and lifted by the privacy officer. Two active holds of one subject may not cover a common
 * purpose (409): one hold per question keeps "what blocks this erasure, until when" unambiguous. When a hold ends
 * (lifted, or its end passed) nothing is to do here: every sweep evaluates the subject afresh.
 */
@ApplicationScoped
public class HoldService {

    private final AdvisoryLocks locks;
    private final RetentionPolicy policy;
    private final Clock clock;

    HoldService(AdvisoryLocks locks, RetentionPolicy policy, Clock clock) {
        this.locks = locks;
        this.policy = policy;
        this.clock = clock;
    }

    @Transactional
    public LegalHold place(String subjectId, boolean allPurposes, List<String> purposes, String reason, Instant until,
                           String placedBy) {
        List<String> given = purposes == null ? List.of() : purposes;
        if (allPurposes == !given.isEmpty()) {
            throw Problems.invalid("purposes", "exactly one of allPurposes and purposes is required",
                    "Give either allPurposes: true or a list of purposes.");
        }
        for (String purpose : given) {
            if (policy.purpose(purpose).isEmpty()) {
                throw Problems.invalid("purposes", "each must be one of " + policy.purposeCodes(),
                        "Unsupported purpose; allowed: " + policy.purposeCodes() + ".");
            }
        }
        Instant now = clock.instant();
        if (until != null && !until.isAfter(now)) {
            throw Problems.unprocessable("A hold must end in the future.",
                    List.of(new Problem.FieldError("until", "must lie in the future")));
        }
        Set<String> scope = new TreeSet<>(given);
        // One subject's holds are checked and written one at a time: two overlapping placements cannot both pass.
        locks.lock("hold:" + subjectId);
        for (LegalHold active : LegalHold.activeOf(subjectId, now)) {
            if (active.overlaps(allPurposes, scope)) {
                throw Problems.conflict("Hold " + active.id + " of this subject is active and covers a purpose "
                        + "of this one; lift it or narrow the scope first.");
            }
        }
        LegalHold hold = new LegalHold();
        hold.id = UUID.randomUUID();
        hold.subjectId = subjectId;
        hold.allPurposes = allPurposes;
        hold.purposes = String.join(",", scope);
        hold.reason = reason;
        hold.placedBy = placedBy;
        hold.placedAt = now;
        hold.heldUntil = until;
        hold.persist();
        Log.infof("Legal hold %s placed by %s", hold.id, placedBy);
        return hold;
    }

    @Transactional
    public LegalHold lift(UUID id, String liftedBy) {
        LegalHold hold = LegalHold.<LegalHold>findByIdOptional(id)
                .orElseThrow(() -> Problems.notFound("There is no legal hold " + id + "."));
        Instant now = clock.instant();
        if (!hold.activeAt(now)) {
            throw Problems.conflict("Hold " + id + " has already ended.");
        }
        hold.liftedAt = now;
        hold.liftedBy = liftedBy;
        Log.infof("Legal hold %s lifted by %s", hold.id, liftedBy);
        return hold;
    }

    @Transactional
    public List<LegalHold> ofSubject(String subjectId) {
        return LegalHold.ofSubject(subjectId);
    }
}
