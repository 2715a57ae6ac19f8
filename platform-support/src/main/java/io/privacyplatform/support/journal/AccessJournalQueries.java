package io.privacyplatform.support.journal;

import io.privacyplatform.contracts.journal.AccessJournalEntry;
import io.privacyplatform.contracts.journal.AccessJournalPage;
import io.privacyplatform.contracts.journal.AccessJournalVerification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The officer's reads of the access journal: a filtered page, and the walk of the hash chain. */
@ApplicationScoped
public class AccessJournalQueries {

    private static final String COLUMNS = "position, cast(entry_id as varchar), recorded_at, actor_kind, actor, client, "
            + "action, decision, categories, subject_id, request_id, endpoint, previous_hash, hash";
    private static final int WALK_BATCH = 1000;

    private final EntityManager entityManager;
    private final Clock clock;

    AccessJournalQueries(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    /** What the officer filters on; null: any. {@code from} inclusive, {@code to} exclusive. */
    public record Filter(String subjectId, String actor, Instant from, Instant to) {
    }

    /** Newest first. */
    @Transactional
    public AccessJournalPage page(Filter filter, int page, int size) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        if (filter.subjectId() != null) {
            conditions.add("subject_id = :subject");
            parameters.put("subject", filter.subjectId());
        }
        if (filter.actor() != null) {
            conditions.add("actor = :actor");
            parameters.put("actor", filter.actor());
        }
        if (filter.from() != null) {
            conditions.add("recorded_at >= :from");
            parameters.put("from", filter.from());
        }
        if (filter.to() != null) {
            conditions.add("recorded_at < :to");
            parameters.put("to", filter.to());
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        Query count = entityManager.createNativeQuery("select count(*) from access_journal" + where);
        Query rows = entityManager.createNativeQuery("select " + COLUMNS + " from access_journal" + where
                + " order by position desc limit :limit offset :offset");
        parameters.forEach((name, value) -> {
            count.setParameter(name, value);
            rows.setParameter(name, value);
        });
        rows.setParameter("limit", size).setParameter("offset", (long) page * size);
        long total = ((Number) count.getSingleResult()).longValue();
        List<AccessJournalEntry> items = rows.getResultList().stream().map(r -> entry((Object[]) r)).toList();
        return new AccessJournalPage(items, page, size, total);
    }

    /**
     * Walks the chain from the purge's anchor in position order, recomputing each hash: the first entry whose
     * {@code previousHash} is not the hash before it (an entry removed or inserted) or whose hash does not match its
     * fields (an entry altered) is reported, and the walk stops there.
     */
    @Transactional
    public AccessJournalVerification verify() {
        Object[] anchor = (Object[]) entityManager.createNativeQuery(
                "select purged_through, last_hash from access_journal_anchor where id = 1").getSingleResult();
        long purgedThrough = ((Number) anchor[0]).longValue();
        String anchorHash = (String) anchor[1];
        String expectedPrevious = anchorHash;
        long checked = 0;
        long after = purgedThrough;
        while (true) {
            List<?> batch = entityManager.createNativeQuery("select " + COLUMNS
                            + " from access_journal where position > :after order by position limit :limit")
                    .setParameter("after", after).setParameter("limit", WALK_BATCH).getResultList();
            for (Object row : batch) {
                AccessJournalEntry entry = entry((Object[]) row);
                checked++;
                String problem = null;
                if (!expectedPrevious.equals(entry.previousHash())) {
                    problem = "previousHash is not the hash of the entry before (an entry was removed or inserted)";
                } else if (!JournalChain.hash(entry.previousHash(), fields(entry)).equals(entry.hash())) {
                    problem = "hash does not match the entry's fields (the entry was altered)";
                }
                if (problem != null) {
                    return new AccessJournalVerification(false, checked, entry.position(), problem, purgedThrough,
                            anchorHash, expectedPrevious, clock.instant());
                }
                expectedPrevious = entry.hash();
                after = entry.position();
            }
            if (batch.size() < WALK_BATCH) {
                return new AccessJournalVerification(true, checked, null, null, purgedThrough, anchorHash,
                        expectedPrevious, clock.instant());
            }
        }
    }

    private static JournalChain.Fields fields(AccessJournalEntry e) {
        return new JournalChain.Fields(e.entryId(), e.recordedAt(), e.actorKind(), e.actor(), e.client(), e.action(),
                e.decision(), String.join(",", e.categories()), e.subjectId(), e.requestId(), e.endpoint());
    }

    private static AccessJournalEntry entry(Object[] r) {
        String categories = (String) r[8];
        return new AccessJournalEntry(((Number) r[0]).longValue(), (String) r[1], instant(r[2]), (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], (String) r[7],
                categories.isEmpty() ? List.of() : Arrays.asList(categories.split(",")), (String) r[9], (String) r[10],
                (String) r[11], (String) r[12], (String) r[13]);
    }

    static Instant instant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass().getName());
    }
}
