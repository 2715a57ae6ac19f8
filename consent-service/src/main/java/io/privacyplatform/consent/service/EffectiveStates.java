package io.privacyplatform.consent.service;

import io.privacyplatform.consent.ConsentPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "May the company email subject S for purpose P now?", for marketing tools: one primary-key read of the
 * current-state table plus the restrictions in force, never a scan of the ledger. The batch form answers
 * many subjects with two queries.
 */
@ApplicationScoped
public class EffectiveStates {

    /** Why the answer is what it is. */
    public enum Reason {
        /** A grant is in force. */
        GRANTED,
        /** Legitimate-interest purpose, no objection. */
        NOT_OBJECTED,
        /** Consent purpose never answered. */
        NO_CONSENT,
        WITHDRAWN,
        OBJECTED,
        /** A restriction of processing is in force (GDPR Art. 18): only storage is allowed. */
        RESTRICTED
    }

    public record Effective(String subjectId, ConsentPurpose purpose, boolean allowed, Reason reason, Instant since) {
    }

    private final EntityManager entityManager;

    EffectiveStates(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public Effective of(String subjectId, ConsentPurpose purpose) {
        Object[] row = (Object[]) entityManager.createNativeQuery("""
                        select s.granted, s.objected, s.changed_at,
                               exists (select 1 from subject_restriction r where r.subject_id = ?1)
                        from (values (1)) as one left join consent_state s on s.subject_id = ?1 and s.purpose = ?2""")
                .setParameter(1, subjectId).setParameter(2, purpose.code())
                .getSingleResult();
        return decide(subjectId, purpose, (Boolean) row[0], (Boolean) row[1], instant(row[2]), (Boolean) row[3]);
    }

    /** One answer per distinct subject id, in the order given. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<Effective> of(List<String> subjectIds, ConsentPurpose purpose) {
        List<String> distinct = subjectIds.stream().distinct().toList();
        Map<String, Object[]> states = new HashMap<>();
        for (Object[] row : (List<Object[]>) entityManager.createNativeQuery("""
                        select subject_id, granted, objected, changed_at from consent_state
                        where purpose = :purpose and subject_id in (:ids)""")
                .setParameter("purpose", purpose.code()).setParameter("ids", distinct)
                .getResultList()) {
            states.put((String) row[0], row);
        }
        Set<String> restricted = new HashSet<>((List<String>) entityManager.createNativeQuery("""
                        select distinct subject_id from subject_restriction where subject_id in (:ids)""")
                .setParameter("ids", distinct)
                .getResultList());
        List<Effective> answers = new ArrayList<>(distinct.size());
        for (String subjectId : distinct) {
            Object[] row = states.get(subjectId);
            answers.add(row == null
                    ? decide(subjectId, purpose, null, null, null, restricted.contains(subjectId))
                    : decide(subjectId, purpose, (Boolean) row[1], (Boolean) row[2], instant(row[3]), restricted.contains(subjectId)));
        }
        return answers;
    }

    /** Native queries return timestamptz as the JDBC driver and Hibernate version see fit. */
    private static Instant instant(Object value) {
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }

    static Effective decide(String subjectId, ConsentPurpose purpose, Boolean granted, Boolean objected, Instant since,
                            boolean restricted) {
        if (restricted) {
            return new Effective(subjectId, purpose, false, Reason.RESTRICTED, since);
        }
        if (granted == null) {
            return purpose.allowedByDefault()
                    ? new Effective(subjectId, purpose, true, Reason.NOT_OBJECTED, null)
                    : new Effective(subjectId, purpose, false, Reason.NO_CONSENT, null);
        }
        if (granted) {
            return new Effective(subjectId, purpose, true, Reason.GRANTED, since);
        }
        return new Effective(subjectId, purpose, false, Boolean.TRUE.equals(objected) ? Reason.OBJECTED : Reason.WITHDRAWN, since);
    }
}
