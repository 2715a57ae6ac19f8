package io.privacyplatform.consent.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.privacyplatform.consent.ConsentAction;
import io.privacyplatform.consent.ConsentNotice;
import io.privacyplatform.consent.ConsentPurpose;
import io.privacyplatform.consent.ConsentReason;
import io.privacyplatform.consent.ConsentRecord;
import io.privacyplatform.consent.ConsentSource;
import io.privacyplatform.consent.ConsentState;
import io.privacyplatform.consent.SuppressionEntry;
import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.contracts.Events;
import io.privacyplatform.contracts.consent.ConsentChanged;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.privacyplatform.support.outbox.Outbox;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.problem.Problems;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The consent ledger. Each change appends an entry with its proof, updates the current-state row and stores
 * {@code consent-changed} in the outbox, all in one transaction; changes of one subject and purpose are
 * serialized by a row lock. Withdrawing what is not granted changes nothing (idempotent).
 */
@ApplicationScoped
public class ConsentService {

    /**
     * One change as the caller asked for it.
     *
     * @param policyVersion null for the current version
     * @param noticeHash    the SHA-256 of the text the caller showed, checked against the catalogue; null to skip
     * @param emailHash     keyed hash of an address the platform gave with the change; null if none
     * @param reason        why a withdrawal the subject did not ask for happens (LAPSED); null for their own choice
     */
    public record Change(String subjectId, ConsentPurpose purpose, ConsentAction action, ConsentSource source,
                         String policyVersion, String noticeHash, String actor, String actorRole, String partner,
                         String evidence, UUID requestId, String emailHash, ConsentReason reason) {

        /** A change the subject asked for (no reason). */
        public Change(String subjectId, ConsentPurpose purpose, ConsentAction action, ConsentSource source,
                      String policyVersion, String noticeHash, String actor, String actorRole, String partner,
                      String evidence, UUID requestId, String emailHash) {
            this(subjectId, purpose, action, source, policyVersion, noticeHash, actor, actorRole, partner, evidence,
                    requestId, emailHash, null);
        }
    }

    /** The entry in force after the change ({@code null} if the purpose was never answered) and whether it is new. */
    public record Outcome(ConsentView entry, boolean changed) {
    }

    /** Namespace of the advisory locks of first changes (the outbox relay's lock uses the one-argument form). */
    private static final int FIRST_CHANGE_LOCK = 5_000_001;

    private final ConsentConfig config;
    private final SuppressionList suppression;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final AdvisoryLocks locks;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, String> noticeHashes = new ConcurrentHashMap<>();

    ConsentService(ConsentConfig config, SuppressionList suppression, Outbox outbox, EntityManager entityManager,
                   AdvisoryLocks locks, MeterRegistry meters, Clock clock) {
        this.config = config;
        this.suppression = suppression;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.locks = locks;
        this.meters = meters;
        this.clock = clock;
    }

    @Transactional
    public Outcome record(Change change) {
        ConsentPurpose purpose = change.purpose();
        String version = change.policyVersion() == null ? config.policyVersion() : change.policyVersion();
        String noticeHash = noticeHash(purpose, version);
        if (change.noticeHash() != null && !change.noticeHash().equals(noticeHash)) {
            throw Problems.unprocessable("The notice hash is not the SHA-256 of the "
                    + purpose.code() + " notice of policy version " + version + "; GET /purposes lists the published ones.",
                    List.of(new Problem.FieldError("noticeHash", "does not match the published notice")));
        }

        ConsentState.Key key = new ConsentState.Key(change.subjectId(), purpose);
        ConsentState state = entityManager.find(ConsentState.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (state == null) {
            // No row to lock yet: two first changes would both append, and the state could end up on the one that
            // is not the latest entry. A transaction-scoped advisory lock on (subject, purpose) orders them.
            locks.lock(FIRST_CHANGE_LOCK, change.subjectId() + "|" + purpose.code());
            state = entityManager.find(ConsentState.class, key, LockModeType.PESSIMISTIC_WRITE);
        }
        ConsentAction action = change.action();
        if (action == ConsentAction.WITHDRAW && purpose.legalBasis() == ConsentPurpose.LegalBasis.LEGITIMATE_INTEREST) {
            // Nothing was consented to: saying no to a legitimate-interest purpose is an objection (Art. 21(1)).
            action = ConsentAction.OBJECT;
        }
        switch (action) {
            case GRANT -> refuseSuppressedOrObjected(change, state);
            case WITHDRAW -> {
                if (state == null || !state.granted) {
                    return unchanged(state);
                }
            }
            case OBJECT -> {
                if (state != null && state.objected) {
                    return unchanged(state);
                }
            }
        }

        ConsentRecord entry = new ConsentRecord();
        entry.entryId = UUID.randomUUID();
        entry.subjectId = change.subjectId();
        entry.purpose = purpose;
        entry.action = action;
        entry.granted = action.granted();
        // Microseconds: what PostgreSQL keeps, so the answer and a later read show the same instant.
        entry.recordedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        entry.source = change.source();
        entry.policyVersion = version;
        entry.noticeHash = noticeHash;
        entry.recordedBy = change.actor();
        entry.actorRole = change.actorRole();
        entry.partner = change.partner();
        entry.evidence = change.evidence();
        entry.requestId = change.requestId();
        entry.reason = change.reason();
        entry.persist();

        entityManager.createNativeQuery("""
                        insert into consent_state (subject_id, purpose, granted, objected, entry_id, source, changed_at)
                        values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                        on conflict (subject_id, purpose) do update set granted = excluded.granted,
                            objected = excluded.objected, entry_id = excluded.entry_id, source = excluded.source,
                            changed_at = excluded.changed_at""")
                .setParameter(1, entry.subjectId).setParameter(2, purpose.code()).setParameter(3, entry.granted)
                .setParameter(4, action == ConsentAction.OBJECT).setParameter(5, entry.entryId)
                .setParameter(6, entry.source.code()).setParameter(7, entry.recordedAt)
                .executeUpdate();
        if (state != null) {
            // The upsert bypassed the persistence context: a later change of the same batch must read the row anew.
            entityManager.detach(state);
        }
        if (change.emailHash() != null) {
            suppression.registerContact(change.subjectId(), change.emailHash());
        }
        outbox.publish(Events.CONSENT_CHANGED, entry.subjectId, new ConsentChanged(entry.entryId, entry.subjectId,
                purpose.code(), entry.granted, entry.source.code(), entry.policyVersion, entry.recordedAt,
                entry.reason == null ? null : entry.reason.name()));
        meters.counter("consents.recorded", "purpose", purpose.code(), "action", action.name(),
                "source", entry.source.code()).increment();
        return new Outcome(ConsentView.of(entry), true);
    }

    /** Notices never change (a trigger refuses it; a new wording is a new version), so their hashes are cached. */
    private String noticeHash(ConsentPurpose purpose, String version) {
        String key = purpose.code() + "@" + version;
        String hash = noticeHashes.get(key);
        if (hash == null) {
            hash = ConsentNotice.of(purpose, version).map(n -> n.textSha256).orElseThrow(() -> Problems.unprocessable(
                    "No notice of purpose " + purpose.code() + " is published for that policy version.",
                    List.of(new Problem.FieldError("policyVersion", "has no notice for purpose " + purpose.code()))));
            noticeHashes.put(key, hash);
        }
        return hash;
    }

    private void refuseSuppressedOrObjected(Change change, ConsentState state) {
        Optional<SuppressionEntry> suppressed = suppression.ofSubject(change.subjectId());
        if (suppressed.isPresent()) {
            throw new ProblemException(409, "Suppressed contact", "This subject is on the suppression list since "
                    + suppressed.get().suppressedOn + " (erased after refusing marketing): no consent can be recorded"
                    + " for it again.");
        }
        if (change.emailHash() != null) {
            Optional<SuppressionEntry> email = suppression.ofEmailHash(change.emailHash());
            if (email.isPresent()) {
                throw new ProblemException(409, "Suppressed contact", "This email address is on the suppression list"
                        + " since " + email.get().suppressedOn + " (its owner was erased after refusing marketing):"
                        + " it must not be imported again.", List.of(new Problem.FieldError("email", "is suppressed")));
            }
        }
        if (change.source() == ConsentSource.PARTNER && state != null && state.objected) {
            throw new ProblemException(409, "Objection in force", "The subject objected to " + change.purpose().code()
                    + " on " + LocalDate.ofInstant(state.changedAt, ZoneOffset.UTC)
                    + "; a partner cannot grant it again, only the subject can.");
        }
    }

    private Outcome unchanged(ConsentState state) {
        ConsentRecord inForce = state == null ? null
                : ConsentRecord.find("entryId", state.entryId).<ConsentRecord>firstResultOptional().orElse(null);
        return new Outcome(inForce == null ? null : ConsentView.of(inForce), false);
    }

    /** Every entry of the subject, oldest first. */
    @Transactional
    public List<ConsentView> history(String subjectId) {
        return ConsentRecord.ofSubject(subjectId).stream().map(ConsentView::of).toList();
    }

    /** The latest entry of each purpose the subject ever answered, from the current-state table. */
    @Transactional
    public List<ConsentView> current(String subjectId) {
        List<UUID> ids = ConsentState.ofSubject(subjectId).stream().map(s -> s.entryId).toList();
        return ids.isEmpty() ? List.of()
                : ConsentRecord.<ConsentRecord>list("entryId in ?1 order by id", ids).stream().map(ConsentView::of).toList();
    }

    /** Everything of the subject's ledger at once, read in one transaction (the export slice). */
    public record Snapshot(List<ConsentView> history, List<ConsentView> current) {
    }

    @Transactional
    public Snapshot snapshot(String subjectId) {
        List<ConsentRecord> history = ConsentRecord.ofSubject(subjectId);
        List<UUID> inForce = ConsentState.ofSubject(subjectId).stream().map(s -> s.entryId).toList();
        return new Snapshot(history.stream().map(ConsentView::of).toList(),
                history.stream().filter(r -> inForce.contains(r.entryId)).map(ConsentView::of).toList());
    }

    public Instant now() {
        return clock.instant();
    }
}
