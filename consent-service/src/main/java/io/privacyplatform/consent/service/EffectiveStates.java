package io.privacyplatform.consent.service;

import io.agroal.api.AgroalDataSource;
import io.privacyplatform.consent.ConsentPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

    /** The state row (none: never answered) and whether a restriction is in force, in one statement. */
    private static final String ONE_STATE = """
            select s.granted, s.objected, s.changed_at,
                   exists (select 1 from subject_restriction r where r.subject_id = ?)
            from (values (1)) as one left join consent_state s on s.subject_id = ? and s.purpose = ?""";

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;

    EffectiveStates(EntityManager entityManager, AgroalDataSource dataSource) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
    }

    /**
     * One statement on a pooled connection in auto-commit, no JTA transaction nor Hibernate session: marketing tools
     * ask before every send, and on this read those cost more than the read itself. (In a caller's transaction the
     * pool hands out that transaction's connection.)
     */
    public Effective of(String subjectId, ConsentPurpose purpose) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(ONE_STATE)) {
            select.setString(1, subjectId);
            select.setString(2, subjectId);
            select.setString(3, purpose.code());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return decide(subjectId, purpose, (Boolean) row.getObject(1), (Boolean) row.getObject(2),
                        instant(row.getObject(3, java.time.OffsetDateTime.class)), row.getBoolean(4));
            }
        } catch (SQLException e) {
            // The SQL state stays in the cause (a value the database refuses is the caller's 400); no value in the text.
            throw new IllegalStateException("the effective state could not be read", e);
        }
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
