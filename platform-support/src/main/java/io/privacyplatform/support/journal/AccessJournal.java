package io.privacyplatform.support.journal;

import io.agroal.api.AgroalDataSource;
import io.privacyplatform.support.lock.AdvisoryLocks;
import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.Session;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.mapping.RuntimeResource;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The service's access journal (policy §10): one entry per read of personal data in clear and per decision, written
 * in the transaction of the read or decision (when there is none, in one committed before the read answers, shared
 * with the reads journaled at the same moment), so that a read that fails leaves no entry and a read that succeeded
 * cannot lose its own. Who comes from the caller's token ({@code sub} and the client,
 * {@code azp}) or the person's link; the endpoint from the JAX-RS method being served.
 * <p>
 * Append-only (a trigger refuses UPDATE and DELETE but the purge's) and hash-chained: appends are serialised by an
 * advisory lock held to the end of the transaction, so each entry chains onto the last committed one. Call it last
 * in a transaction that also locks rows, so that the journal's lock is the last one taken.
 */
@ApplicationScoped
public class AccessJournal {

    /** The advisory lock (hashed name) serialising appends and the purge. */
    static final String CHAIN_LOCK = "platform.access-journal.chain";

    /** The entries in list order: the position (bigserial) follows the select's order, and the chain follows it. */
    private static final String INSERT = """
            insert into access_journal (entry_id, recorded_at, actor_kind, actor, client, action, decision, categories,
                subject_id, request_id, endpoint, previous_hash, hash)
            select cast(e.entry_id as uuid), cast(e.recorded_at as timestamptz), e.actor_kind, e.actor, e.client, e.action,
                e.decision, e.categories, e.subject_id, e.request_id, e.endpoint, e.previous_hash, e.hash
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[])
                 with ordinality as e(entry_id, recorded_at, actor_kind, actor, client, action, decision, categories,
                                      subject_id, request_id, endpoint, previous_hash, hash, n)
            order by e.n""";

    /** Most reads appended in one group transaction. */
    private static final int MAX_GROUP = 256;

    private final EntityManager entityManager;
    private final AgroalDataSource dataSource;
    private final Clock clock;
    private final Instance<SecurityIdentity> identity;
    private final LinkedBlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    /** One group being written at a time in this instance (replicas: the chain's advisory lock). */
    private final ReentrantLock writing = new ReentrantLock();

    AccessJournal(EntityManager entityManager, AgroalDataSource dataSource, Clock clock, Instance<SecurityIdentity> identity) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.clock = clock;
        this.identity = identity;
    }

    /** Appends an entry for {@code access}, by the current caller, at the current endpoint, now. */
    public void record(Access access) {
        recordAll(List.of(access));
    }

    /**
     * One entry per access (a read of many subjects at once: one entry each, so that each subject's reads show). In the
     * caller's transaction when there is one; otherwise in a transaction shared with the other reads being journaled at
     * the same moment ({@link #appendCommitted}), committed before this returns.
     */
    public void recordAll(List<Access> accesses) {
        if (accesses.isEmpty()) {
            return;
        }
        List<JournalChain.Fields> entries = entries(accesses);
        if (QuarkusTransaction.isActive()) {
            append(entries);
        } else {
            appendCommitted(entries);
        }
    }

    /** The entries' fields but their hashes, read on the caller's thread (its token, its endpoint). */
    private List<JournalChain.Fields> entries(List<Access> accesses) {
        Instant now = JournalChain.storable(clock.instant());
        String endpoint = endpoint();
        Caller tokenCaller = caller(null);
        List<JournalChain.Fields> entries = new ArrayList<>(accesses.size());
        for (Access access : accesses) {
            Caller caller = access.personLinkId() != null ? caller(access) : tokenCaller;
            entries.add(new JournalChain.Fields(UUID.randomUUID().toString(), now, caller.kind(),
                    caller.actor(), caller.client(), access.action().name(), access.decision(),
                    access.categories().stream().map(DataCategory::code).collect(Collectors.joining(",")),
                    access.subjectId(), access.requestId(), endpoint));
        }
        return entries;
    }

    /**
     * Chains the entries onto the last committed one, in the current transaction, under the chain's lock: hashed here
     * in list order, stored in one statement (a read of a thousand subjects is one insert, not a thousand).
     */
    private void append(List<JournalChain.Fields> entries) {
        // The transaction's pending writes first, so that their row locks are taken before the chain's lock (as the
        // class asks of its callers): written at commit, they would be taken while holding it.
        entityManager.flush();
        entityManager.unwrap(Session.class).doWork(connection -> append(connection, entries));
    }

    /** {@link #append(List)} on a JDBC connection, in its current transaction. */
    private static void append(Connection connection, List<JournalChain.Fields> entries) throws SQLException {
        AdvisoryLocks.lock(connection, CHAIN_LOCK);
        String previous = lastHash(connection);
        int size = entries.size();
        String[] columns = new String[size * 13];
        for (int i = 0; i < size; i++) {
            JournalChain.Fields fields = entries.get(i);
            String hash = JournalChain.hash(previous, fields);
            String[] row = {fields.entryId(), fields.recordedAt().toString(), fields.actorKind(), fields.actor(),
                    fields.client(), fields.action(), fields.decision(), fields.categories(), fields.subjectId(),
                    fields.requestId(), fields.endpoint(), previous, hash};
            for (int column = 0; column < row.length; column++) {
                columns[column * size + i] = row[column];
            }
            previous = hash;
        }
        List<Array> arrays = new ArrayList<>(13);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (int column = 0; column < 13; column++) {
                Array array = connection.createArrayOf("text", Arrays.copyOfRange(columns, column * size, (column + 1) * size));
                arrays.add(array);
                insert.setArray(column + 1, array);
            }
            insert.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /**
     * Group commit of reads made outside a transaction: the chain's lock is held to the end of each append's
     * transaction, so one transaction per read would serialise every read of the service on a lock and a commit. The
     * reader that gets the writer's turn appends, in one transaction, its entries and those every other reader queued
     * meanwhile, and tells each once it is committed (no hand-off to another thread); a failed group is appended again
     * reader by reader, so one entry's failure fails only its own read.
     */
    private void appendCommitted(List<JournalChain.Fields> entries) {
        PendingAppend pending = new PendingAppend(entries, new CompletableFuture<>());
        queue.add(pending);
        writing.lock();
        try {
            // Groups in queue order until this reader's own entries are in one.
            while (!pending.committed().isDone()) {
                List<PendingAppend> group = new ArrayList<>();
                queue.drainTo(group, MAX_GROUP);
                appendGroup(group);
            }
        } finally {
            writing.unlock();
        }
        try {
            pending.committed().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the access journal was being written", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the access journal could not be written", e.getCause());
        }
    }

    private record PendingAppend(List<JournalChain.Fields> entries, CompletableFuture<Void> committed) {
    }

    private void appendGroup(List<PendingAppend> group) {
        try {
            List<JournalChain.Fields> all = new ArrayList<>();
            group.forEach(pending -> all.addAll(pending.entries()));
            appendInOwnTransaction(all);
            group.forEach(pending -> pending.committed().complete(null));
        } catch (RuntimeException groupFailed) {
            for (PendingAppend pending : group) {
                try {
                    appendInOwnTransaction(pending.entries());
                    pending.committed().complete(null);
                } catch (RuntimeException e) {
                    pending.committed().completeExceptionally(e);
                }
            }
        }
    }

    /**
     * A local JDBC transaction of its own (no JTA transaction is active here): reads journaled outside a transaction
     * are the hottest path of the journal (consent checks before every send), where a JTA transaction and a Hibernate
     * session cost more than the three statements.
     */
    private void appendInOwnTransaction(List<JournalChain.Fields> entries) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                append(connection, entries);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the access journal could not be written", e);
        }
    }

    /** The hash the next entry chains onto: the last entry's, or the anchor's when the journal is empty. */
    private static String lastHash(Connection connection) throws SQLException {
        try (PreparedStatement last = connection.prepareStatement("""
                select coalesce((select hash from access_journal order by position desc limit 1),
                                (select last_hash from access_journal_anchor where id = 1))""");
             ResultSet row = last.executeQuery()) {
            row.next();
            return row.getString(1);
        }
    }

    private record Caller(String kind, String actor, String client) {
    }

    /** The link's person when {@code access} names one, else the caller of the current request (or the system). */
    private Caller caller(Access access) {
        if (access != null && access.personLinkId() != null) {
            return new Caller("person-link", access.personLinkId(), null);
        }
        if (!Arc.container().requestContext().isActive()) {
            return new Caller("system", "system", null);
        }
        SecurityIdentity id = identity.get();
        if (id.isAnonymous()) {
            return new Caller("anonymous", "anonymous", null);
        }
        String client = id.getPrincipal() instanceof JsonWebToken token ? token.getClaim("azp") : null;
        return new Caller("token", id.getPrincipal().getName(), client);
    }

    /** {@code GET /requests/{id}}: the method and path template being served; null outside a JAX-RS call. */
    private static String endpoint() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        ResteasyReactiveRequestContext request = CurrentRequestManager.get();
        if (request == null || request.getTarget() == null) {
            return null;
        }
        RuntimeResource target = request.getTarget();
        String classPath = target.getClassPath() == null ? "" : target.getClassPath().template;
        String methodPath = target.getPath() == null ? "" : target.getPath().template;
        String path = (classPath + "/" + methodPath).replaceAll("/+", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return request.getMethod() + " " + path;
    }
}
