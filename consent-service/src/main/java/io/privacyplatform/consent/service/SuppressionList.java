package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentState;
import io.privacyplatform.consent.SubjectContact;
import io.privacyplatform.consent.SuppressionEntry;
import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import io.privacyplatform.support.security.Hmacs;
import io.privacyplatform.support.subject.SubjectIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The suppression (opposition) list of CNIL practice: when a subject who refused marketing is erased, a keyed
 * hash of each of their email addresses and of their subject id is kept with the date, so that the contact is
 * never imported again from a partner or a list. Addresses reach this service only over authenticated HTTP
 * from the platform, are hashed at once and never stored, logged or published.
 */
@ApplicationScoped
public class SuppressionList {

    /** What {@code retained} says in the erasure confirmation. */
    static final Exemption RETAINED = new Exemption(Systems.CONSENT, "suppression-list-keyed-hash",
            "GDPR Art. 21(3) and Art. 17(3)(b): an objection to prospection must keep being honoured (CNIL opposition"
                    + " list); only a keyed hash of the email address and of the subject id, with the date");

    private static final int EMAIL_MAX = 254;

    private final ServiceKeys keys;
    private final EntityManager entityManager;
    private final Clock clock;

    SuppressionList(ServiceKeys keys, EntityManager entityManager, Clock clock) {
        this.keys = keys;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** Keyed hash of a normalized address; 400 naming {@code field} when it is not an address (never echoing it). */
    public String emailHash(String email, String field) {
        String address = email == null ? "" : email.strip();
        if (address.length() > EMAIL_MAX || !address.matches("[^@\\s]+@[^@\\s]+")) {
            throw Problems.invalidFields(
                    List.of(new Problem.FieldError(field, "must be an email address of at most " + EMAIL_MAX + " characters")));
        }
        return Hmacs.sha256Hex(keys.suppressionKey(), "email:" + SubjectIds.normalizeEmail(address));
    }

    String subjectHash(String subjectId) {
        return Hmacs.sha256Hex(keys.suppressionKey(), "subject:" + subjectId);
    }

    /** The entry suppressing this subject id, if any. */
    Optional<SuppressionEntry> ofSubject(String subjectId) {
        return SuppressionEntry.findByIdOptional(subjectHash(subjectId));
    }

    Optional<SuppressionEntry> ofEmailHash(String emailHash) {
        return SuppressionEntry.findByIdOptional(emailHash);
    }

    /** The dates of the suppressed hashes among {@code hashes} (null where not suppressed), in order. */
    public List<LocalDate> suppressedOn(List<String> hashes) {
        List<SuppressionEntry> found = SuppressionEntry.list("keyHash in ?1", hashes);
        List<LocalDate> dates = new ArrayList<>(hashes.size());
        for (String hash : hashes) {
            dates.add(found.stream().filter(e -> e.keyHash.equals(hash)).findFirst().map(e -> e.suppressedOn).orElse(null));
        }
        return dates;
    }

    /** Remembers a keyed hash of one of the subject's addresses, for the suppression list if they are erased. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void registerContact(String subjectId, String emailHash) {
        entityManager.createNativeQuery("""
                        insert into subject_contact (subject_id, email_hash, registered_at) values (?1, ?2, ?3)
                        on conflict do nothing""")
                .setParameter(1, subjectId).setParameter(2, emailHash).setParameter(3, Instant.now(clock))
                .executeUpdate();
    }

    /**
     * Before an erasure: if the subject refused any marketing purpose (withdrawal or objection in force), keep
     * the keyed hashes of their subject id and addresses. Returns what is kept, for the confirmation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Exemption> suppressBeforeErasure(String subjectId) {
        boolean refusedMarketing = ConsentState.ofSubject(subjectId).stream()
                .anyMatch(s -> s.key.purpose.marketing() && !s.granted);
        if (!refusedMarketing) {
            return List.of();
        }
        return suppress(subjectId);
    }

    /**
     * Keeps the keyed hashes of the subject id and of the subject's addresses on the list (a scoped erasure of a
     * marketing purpose: its end is a withdrawal, an objection or a lapse). Returns what is kept, for the confirmation.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Exemption> suppress(String subjectId) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        suppress(subjectHash(subjectId), SuppressionEntry.Kind.SUBJECT, today);
        for (SubjectContact contact : SubjectContact.ofSubject(subjectId)) {
            suppress(contact.emailHash, SuppressionEntry.Kind.EMAIL, today);
        }
        return List.of(RETAINED);
    }

    private void suppress(String hash, SuppressionEntry.Kind kind, LocalDate on) {
        entityManager.createNativeQuery("""
                        insert into suppression_entry (key_hash, kind, suppressed_on) values (?1, ?2, ?3)
                        on conflict do nothing""")
                .setParameter(1, hash).setParameter(2, kind.name()).setParameter(3, on)
                .executeUpdate();
    }

}
