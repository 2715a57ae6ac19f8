package io.privacyplatform.retention.datastore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.datastore.ErasureEvidence.EndedRetention;
import io.privacyplatform.retention.datastore.ErasureEvidence.KeptPurpose;
import io.privacyplatform.retention.datastore.ErasureEvidence.KeptTable;
import io.privacyplatform.retention.datastore.ErasureEvidence.RetainedData;
import io.privacyplatform.retention.datastore.Manifest.Action;
import io.privacyplatform.retention.datastore.ManifestException.Problem;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One PostgreSQL datastore described by a manifest: checked against the live catalog when opened, then erasure,
 * export, contact lookup, rectification and restriction of a subject with the statements generated once.
 * <p>
 * An erasure is one transaction: it first claims its order id in {@value #LOG_TABLE} (a table the connector creates
 * in the datastore), so a re-run of a committed order, after a crash or a redelivery, does nothing and returns the
 * stored evidence, and a crash before the commit leaves nothing behind. Thread-safe: each call takes its own
 * connection.
 */
public final class DatastoreConnector {

    static final String LOG_TABLE = "privacy_erasure_log";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Manifest manifest;
    private final RetentionPolicy policy;
    private final DataSource dataSource;
    private final DatastoreStatements statements;
    private final String claim;
    private final String evidenceOf;
    private final String record;
    private final Map<PersonalField, Manifest.ColumnRef> rectification;
    private final Optional<String> restrictionMark;

    private DatastoreConnector(Manifest manifest, RetentionPolicy policy, DataSource dataSource, DatastoreStatements statements) {
        this.name = manifest.name();
        this.manifest = manifest;
        this.policy = policy;
        this.dataSource = dataSource;
        this.statements = statements;
        String log = Sql.quote(manifest.schema()) + "." + Sql.quote(LOG_TABLE);
        claim = "insert into " + log + " (order_id, erased_at) select o, clock_timestamp() from unnest(?::text[]) o"
                + " on conflict (order_id) do nothing returning order_id, erased_at";
        evidenceOf = "select order_id, erased_at, evidence from " + log + " where order_id = any(?)";
        record = "update " + log + " set evidence = e.evidence::jsonb from unnest(?::text[], ?::text[]) e (order_id, evidence)"
                + " where " + log + ".order_id = e.order_id";
        this.rectification = manifest.rectification();
        this.restrictionMark = manifest.restriction().map(r -> r.column().map(Manifest.ColumnRef::toString)
                .orElseGet(() -> r.table().orElseThrow()));
    }

    /** As {@link #open(Manifest, DataSource, Optional, RetentionPolicy)} with the policy file on the classpath. */
    public static DatastoreConnector open(Manifest manifest, DataSource dataSource, Optional<byte[]> hmacKey) throws SQLException {
        return open(manifest, dataSource, hmacKey, ManifestValidator.classpathPolicy());
    }

    /**
     * Validates the manifest against the datastore's catalog and the retention policy (its purposes and rules) and
     * prepares its statements.
     *
     * @param hmacKey the key of the manifest's {@code hash} columns (required if it has any)
     * @throws ManifestException naming the manifest's file and line of every problem
     */
    public static DatastoreConnector open(Manifest manifest, DataSource dataSource, Optional<byte[]> hmacKey,
                                          RetentionPolicy policy) throws SQLException {
        Catalog catalog;
        try (Connection connection = dataSource.getConnection()) {
            catalog = Catalog.read(connection, manifest.schema());
            ManifestValidator.validate(manifest, catalog, policy);
            if (hmacKey.isEmpty()) {
                List<Problem> missingKey = new ArrayList<>();
                manifest.tables().values().forEach(t -> t.columns().values().stream().filter(c -> c.action() == Action.HASH)
                        .forEach(c -> missingKey.add(new Problem(manifest.source(), c.line(), t.name() + "." + c.column()
                                + ": hash needs a key (retention.datastores." + manifest.name() + ".hash-key)"))));
                if (!missingKey.isEmpty()) {
                    throw new ManifestException(missingKey);
                }
            }
            try (Statement ddl = connection.createStatement()) {
                ddl.execute("create table if not exists " + Sql.quote(manifest.schema()) + "." + Sql.quote(LOG_TABLE)
                        + " (order_id text primary key, erased_at timestamptz not null, evidence jsonb)");
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
        return new DatastoreConnector(manifest, policy, dataSource, new DatastoreStatements(manifest, catalog, hmacKey.map(HmacPads::of)));
    }

    public String name() {
        return name;
    }

    /**
     * The purposes this datastore holds data for: its tables' ({@code purposes:}, inherited by child tables) and those
     * of the rules its retained columns name (an invoice column retained under {@code accounting-ten-years} serves
     * billing).
     */
    public java.util.Set<String> purposes() {
        java.util.Set<String> purposes = new java.util.LinkedHashSet<>();
        for (Manifest.Table table : manifest.tables().values()) {
            purposes.addAll(manifest.purposesOf(table));
            table.columns().values().stream().flatMap(c -> c.retention().stream()).forEach(r -> policy.purposes().stream()
                    .filter(p -> r.rule().equals(p.rule())).forEach(p -> purposes.add(p.code())));
        }
        return purposes;
    }

    /**
     * One erasure order for this datastore.
     *
     * @param scope the purposes it erases and those it keeps; null for a whole order (everything the manifest erases)
     */
    public record ErasureOrder(String orderId, String subjectId, ErasureScope scope) {

        public ErasureOrder(String orderId, String subjectId) {
            this(orderId, subjectId, null);
        }
    }

    /**
     * Erases the subject for the order, children before parents, in one transaction, and returns the evidence; a
     * re-run of the same order id changes nothing and returns the evidence of the first run.
     *
     * @throws IllegalStateException if the re-count finds a row not erased (the transaction is rolled back)
     */
    public ErasureEvidence erase(String orderId, String subjectId) throws SQLException {
        return erase(orderId, subjectId, null);
    }

    /** As {@link #erase(String, String)}, for the purposes of {@code scope} only (null: everything). */
    public ErasureEvidence erase(String orderId, String subjectId, ErasureScope scope) throws SQLException {
        return eraseAll(List.of(new ErasureOrder(orderId, subjectId, scope))).get(0);
    }

    /**
     * Erases a batch of orders, one statement per table for all the subjects of the same scope (the whole orders
     * together, each scope together), each group in one transaction, and returns the evidence of each, in the
     * orders' order. Orders already done return their stored evidence; an order whose subject is already in its group
     * goes into a following transaction (each evidence counts its own rows).
     *
     * @throws IllegalStateException if the re-count finds a row not erased (the group is rolled back)
     */
    public List<ErasureEvidence> eraseAll(List<ErasureOrder> orders) throws SQLException {
        Map<ErasureScope, Map<String, ErasureOrder>> groups = new LinkedHashMap<>();
        List<ErasureOrder> later = new ArrayList<>();
        for (ErasureOrder order : orders) {
            if (groups.computeIfAbsent(order.scope(), s -> new LinkedHashMap<>()).putIfAbsent(order.subjectId(), order) != null) {
                later.add(order);
            }
        }
        Map<String, ErasureEvidence> byOrder = new HashMap<>();
        for (Map.Entry<ErasureScope, Map<String, ErasureOrder>> group : groups.entrySet()) {
            ErasureSelection selection = ErasureSelection.of(manifest, policy, group.getKey());
            byOrder.putAll(inTransaction(connection -> eraseBatch(connection, selection, group.getValue())));
        }
        if (!later.isEmpty()) {
            List<ErasureEvidence> rest = eraseAll(later);
            for (int i = 0; i < later.size(); i++) {
                byOrder.put(later.get(i).orderId(), rest.get(i));
            }
        }
        return orders.stream().map(o -> byOrder.get(o.orderId())).toList();
    }

    /** Orders of distinct subjects and the same selection; returns the evidence by order id. */
    private Map<String, ErasureEvidence> eraseBatch(Connection connection, ErasureSelection selection,
                                                    Map<String, ErasureOrder> bySubject) throws SQLException, JsonProcessingException {
        Map<String, ErasureEvidence> byOrder = new HashMap<>();
        Map<String, OffsetDateTime> claimed = new HashMap<>();
        String[] orderIds = bySubject.values().stream().map(ErasureOrder::orderId).toArray(String[]::new);
        try (PreparedStatement claimOrders = connection.prepareStatement(claim)) {
            claimOrders.setArray(1, connection.createArrayOf("text", orderIds));
            try (ResultSet rs = claimOrders.executeQuery()) {
                while (rs.next()) {
                    claimed.put(rs.getString(1), rs.getObject(2, OffsetDateTime.class));
                }
            }
        }
        if (claimed.size() < orderIds.length) {
            byOrder.putAll(stored(connection, orderIds));
        }
        List<ErasureOrder> toErase = bySubject.values().stream().filter(o -> claimed.containsKey(o.orderId())).toList();
        if (toErase.isEmpty()) {
            return byOrder;
        }
        // One subject: separate statements, prepared once per connection; several: one script planned per batch.
        boolean single = toErase.size() == 1;
        DatastoreStatements.ErasurePlan plan = statements.plan(selection, single);
        Object subjects = single ? toErase.get(0).subjectId()
                : connection.createArrayOf("text", toErase.stream().map(ErasureOrder::subjectId).toArray(String[]::new));
        Map<String, Map<String, Integer>> rowsAffected = new HashMap<>();
        Map<String, Long> remaining = new LinkedHashMap<>();
        Map<String, Map<String, Long>> countedRows = new HashMap<>();
        ResultReader reader = (step, rs) -> {
            if (step < plan.erase().size()) {
                String table = plan.erase().get(step).table();
                while (rs.next()) {
                    rowsAffected.computeIfAbsent(rs.getString(1), s -> new HashMap<>()).put(table, rs.getInt(2));
                }
            } else if (step == plan.erase().size()) {
                rs.next();
                for (int i = 0; i < plan.recountTables().size(); i++) {
                    remaining.put(plan.recountTables().get(i), rs.getLong(i + 1));
                }
            } else {
                while (rs.next()) {
                    countedRows.computeIfAbsent(rs.getString(2), s -> new HashMap<>()).put(rs.getString(1), rs.getLong(3));
                }
            }
        };
        List<Sql> steps = plan.steps();
        if (single) {
            for (int step = 0; step < steps.size(); step++) {
                try (PreparedStatement statement = steps.get(step).prepare(connection, subjects, null);
                     ResultSet rs = statement.executeQuery()) {
                    reader.read(step, rs);
                }
            }
        } else {
            try (PreparedStatement script = plan.script().prepare(connection, subjects, null)) {
                script.execute();
                for (int step = 0; step < steps.size(); step++) {
                    if (step > 0) {
                        script.getMoreResults();
                    }
                    try (ResultSet rs = script.getResultSet()) {
                        reader.read(step, rs);
                    }
                }
            }
        }
        remaining.forEach((table, rows) -> {
            if (rows != 0) {
                throw new IllegalStateException("Erasure of " + toErase.size() + " order(s) in datastore " + name + " left "
                        + rows + " row(s) of " + table + " not erased; rolled back");
            }
        });
        List<EndedRetention> ended = selection.ended().stream().map(r -> new EndedRetention(r.table(), r.column(),
                r.retention().rule(), r.retention().then().yaml)).toList();
        List<String> ids = new ArrayList<>();
        List<String> evidenceJson = new ArrayList<>();
        for (ErasureOrder order : toErase) {
            Map<String, Integer> affected = new LinkedHashMap<>();
            Map<String, Integer> subjectRows = rowsAffected.getOrDefault(order.subjectId(), Map.of());
            plan.erase().forEach(t -> affected.put(t.table(), subjectRows.getOrDefault(t.table(), 0)));
            Map<String, Long> subjectCounted = countedRows.getOrDefault(order.subjectId(), Map.of());
            List<RetainedData> retained = selection.retained().stream().map(r -> new RetainedData(r.table(), r.column(),
                    r.retention().legalBasis(), r.retention().rule(), subjectCounted.getOrDefault(r.table(), 0L))).toList();
            List<KeptTable> kept = selection.kept().entrySet().stream().map(k -> new KeptTable(k.getKey(),
                    k.getValue().stream().map(p -> new KeptPurpose(p, policy.purpose(p).orElseThrow().rule())).toList(),
                    subjectCounted.getOrDefault(k.getKey(), 0L))).toList();
            ErasureEvidence evidence = new ErasureEvidence(name, order.orderId(), claimed.get(order.orderId()).toInstant(),
                    affected, remaining, retained, ended, kept, selection.untouched());
            byOrder.put(order.orderId(), evidence);
            ids.add(order.orderId());
            evidenceJson.add(JSON.writeValueAsString(new Stored(affected, remaining, retained, ended, kept, selection.untouched())));
        }
        try (PreparedStatement save = connection.prepareStatement(record)) {
            save.setArray(1, connection.createArrayOf("text", ids.toArray(String[]::new)));
            save.setArray(2, connection.createArrayOf("text", evidenceJson.toArray(String[]::new)));
            save.executeUpdate();
        }
        return byOrder;
    }

    /** The subject's rows of each table with export columns, by table in the manifest's order (tables without rows included, empty). */
    public Map<String, List<Map<String, Object>>> export(String subjectId) throws SQLException {
        return inTransaction(connection -> {
            Map<String, List<Map<String, Object>>> slice = new LinkedHashMap<>();
            for (Map.Entry<String, Sql> table : statements.export.entrySet()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                try (PreparedStatement select = table.getValue().prepare(connection, subjectId, null);
                     ResultSet rs = select.executeQuery()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= meta.getColumnCount(); i++) {
                            row.put(meta.getColumnName(i), ExportValues.of(rs.getObject(i)));
                        }
                        rows.add(row);
                    }
                }
                slice.put(table.getKey(), rows);
            }
            return slice;
        });
    }

    /** The subject's email from the manifest's contact column, if the datastore has one for the subject. */
    public Optional<String> contactEmail(String subjectId) throws SQLException {
        if (statements.contactEmail.isEmpty()) {
            return Optional.empty();
        }
        return inTransaction(connection -> {
            try (PreparedStatement select = statements.contactEmail.get().prepare(connection, subjectId, null);
                 ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /**
     * Sets the given fields to their new values in one transaction and returns the rows updated per field; fields
     * the manifest maps to no column are left out of the result (the datastore does not hold them).
     */
    public Map<PersonalField, Integer> rectify(String subjectId, Map<PersonalField, String> values) throws SQLException {
        Map<PersonalField, Integer> updated = new LinkedHashMap<>();
        rectifyChecked(subjectId, values).forEach(f -> updated.put(f.field(), f.rows()));
        return updated;
    }

    /** The fields this datastore holds (its manifest's {@code rectification:}). */
    public java.util.Set<PersonalField> rectifiableFields() {
        return rectification.keySet();
    }

    /** One field a rectification set: where, and the subject's rows updated (all re-read with the new value). */
    public record FieldRectified(PersonalField field, String table, String column, int rows) {
    }

    /**
     * Sets the fields the datastore holds to their new values, then re-reads them in the same transaction.
     *
     * @throws IllegalStateException when a row of the subject does not hold its new value after the update (rolled back)
     */
    public List<FieldRectified> rectifyChecked(String subjectId, Map<PersonalField, String> values) throws SQLException {
        return inTransaction(connection -> {
            List<FieldRectified> updated = new ArrayList<>();
            for (Map.Entry<PersonalField, String> field : values.entrySet()) {
                Sql sql = statements.rectify.get(field.getKey());
                if (sql == null) {
                    continue;
                }
                Manifest.ColumnRef ref = rectification.get(field.getKey());
                try (PreparedStatement update = sql.prepare(connection, subjectId, field.getValue())) {
                    updated.add(new FieldRectified(field.getKey(), ref.table(), ref.column(), update.executeUpdate()));
                }
                long differing = count(connection, statements.rectifyCheck.get(field.getKey()), subjectId, field.getValue());
                if (differing != 0) {
                    throw new IllegalStateException("Datastore " + name + ": re-read after the rectification finds " + differing
                            + " rows of " + ref + " without the new value; rolled back");
                }
            }
            return updated;
        });
    }

    /** Marks the subject restricted; the rows marked (0 if the datastore does not hold the subject, or has no restriction). */
    public int restrict(String subjectId) throws SQLException {
        return mark(statements.restrict, subjectId, true);
    }

    /** Lifts the subject's restriction; the rows changed. */
    public int liftRestriction(String subjectId) throws SQLException {
        return mark(statements.lift.or(() -> statements.restrict), subjectId, false);
    }

    /**
     * A restriction or its lifting, re-read in the same transaction.
     *
     * @param mark       where the mark lives ({@code table.column}, or the restriction table)
     * @param rows       rows changed
     * @param rowsMarked the subject's rows carrying the mark afterwards (0 after a lifting)
     */
    public record RestrictionApplied(String mark, int rows, long rowsMarked) {
    }

    /**
     * Restricts (or lifts) and re-reads the mark; empty when the manifest has no {@code restriction:}.
     *
     * @throws IllegalStateException when a row of the subject does not carry the mark afterwards (rolled back)
     */
    public Optional<RestrictionApplied> restrictChecked(String subjectId, boolean restricted) throws SQLException {
        if (statements.restrict.isEmpty()) {
            return Optional.empty();
        }
        Sql change = restricted ? statements.restrict.get() : statements.lift.orElse(statements.restrict.get());
        Sql check = statements.restrictCheck.orElseThrow();
        boolean byTable = statements.lift.isPresent();
        return Optional.of(inTransaction(connection -> {
            int rows;
            try (PreparedStatement update = change.prepare(connection, subjectId, restricted)) {
                rows = update.executeUpdate();
            }
            long marked;
            if (byTable) {
                marked = count(connection, check, subjectId, null);
                if (marked != (restricted ? 1 : 0)) {
                    throw new IllegalStateException("Datastore " + name + ": re-read of " + restrictionMark.orElseThrow()
                            + " finds " + marked + " rows of the subject; rolled back");
                }
            } else {
                long differing = count(connection, check, subjectId, restricted);
                if (differing != 0) {
                    throw new IllegalStateException("Datastore " + name + ": re-read finds " + differing + " rows of "
                            + restrictionMark.orElseThrow() + " not " + restricted + "; rolled back");
                }
                marked = restricted ? count(connection, check, subjectId, false) : 0;
            }
            return new RestrictionApplied(restrictionMark.orElseThrow(), rows, marked);
        }));
    }

    private static long count(Connection connection, Sql sql, String subjectId, Object value) throws SQLException {
        try (PreparedStatement select = sql.prepare(connection, subjectId, value); ResultSet rs = select.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int mark(Optional<Sql> sql, String subjectId, boolean restricted) throws SQLException {
        if (sql.isEmpty()) {
            return 0;
        }
        return inTransaction(connection -> {
            try (PreparedStatement update = sql.get().prepare(connection, subjectId, restricted)) {
                return update.executeUpdate();
            }
        });
    }

    private Map<String, ErasureEvidence> stored(Connection connection, String[] orderIds) throws SQLException, JsonProcessingException {
        Map<String, ErasureEvidence> byOrder = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(evidenceOf)) {
            select.setArray(1, connection.createArrayOf("text", orderIds));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(3) == null) {
                        continue; // claimed earlier in this same batch (an order id sent twice for two subjects)
                    }
                    Stored stored = JSON.readValue(rs.getString(3), Stored.class);
                    byOrder.put(rs.getString(1), new ErasureEvidence(name, rs.getString(1),
                            rs.getObject(2, OffsetDateTime.class).toInstant(), stored.rowsAffected(), stored.remaining(),
                            stored.retained(), stored.ended(), stored.kept(), stored.untouched()));
                }
            }
        }
        return byOrder;
    }

    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } catch (JsonProcessingException e) {
                connection.rollback();
                throw new IllegalStateException("Cannot write the evidence of datastore " + name, e);
            }
        }
    }

    private interface ResultReader {
        void read(int step, ResultSet rs) throws SQLException;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException, JsonProcessingException;
    }

    /**
     * The evidence as stored in the log table (the order id and time are columns of their own); evidence stored before
     * scopes existed has no {@code ended}, {@code kept} or {@code untouched} (read as empty).
     */
    private record Stored(Map<String, Integer> rowsAffected, Map<String, Long> remaining, List<RetainedData> retained,
                          List<EndedRetention> ended, List<KeptTable> kept, Map<String, String> untouched) {
    }
}
