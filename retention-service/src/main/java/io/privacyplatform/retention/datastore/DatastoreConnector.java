package io.privacyplatform.retention.datastore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.retention.datastore.DatastoreStatements.Retained;
import io.privacyplatform.retention.datastore.DatastoreStatements.TableStatement;
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
    private final DataSource dataSource;
    private final DatastoreStatements statements;
    private final String claim;
    private final String evidenceOf;
    private final String record;

    private DatastoreConnector(Manifest manifest, DataSource dataSource, DatastoreStatements statements) {
        this.name = manifest.name();
        this.dataSource = dataSource;
        this.statements = statements;
        String log = Sql.quote(manifest.schema()) + "." + Sql.quote(LOG_TABLE);
        claim = "insert into " + log + " (order_id, erased_at) values (?, clock_timestamp()) on conflict (order_id) do nothing returning erased_at";
        evidenceOf = "select erased_at, evidence from " + log + " where order_id = ?";
        record = "update " + log + " set evidence = ?::jsonb where order_id = ?";
    }

    /**
     * Validates the manifest against the datastore's catalog and prepares its statements.
     *
     * @param hmacKey the key of the manifest's {@code hash} columns (required if it has any)
     * @throws ManifestException naming the manifest's file and line of every problem
     */
    public static DatastoreConnector open(Manifest manifest, DataSource dataSource, Optional<byte[]> hmacKey) throws SQLException {
        Catalog catalog;
        try (Connection connection = dataSource.getConnection()) {
            catalog = Catalog.read(connection, manifest.schema());
            ManifestValidator.validate(manifest, catalog);
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
        return new DatastoreConnector(manifest, dataSource, new DatastoreStatements(manifest, catalog, hmacKey.map(HmacPads::of)));
    }

    public String name() {
        return name;
    }

    /**
     * Erases the subject for the order, children before parents, in one transaction, and returns the evidence; a
     * re-run of the same order id changes nothing and returns the evidence of the first run.
     *
     * @throws IllegalStateException if the re-count finds a row not erased (the transaction is rolled back)
     */
    public ErasureEvidence erase(String orderId, String subjectId) throws SQLException {
        return inTransaction(connection -> {
            OffsetDateTime erasedAt;
            try (PreparedStatement claimOrder = connection.prepareStatement(claim)) {
                claimOrder.setString(1, orderId);
                try (ResultSet rs = claimOrder.executeQuery()) {
                    if (!rs.next()) {
                        return stored(connection, orderId);
                    }
                    erasedAt = rs.getObject(1, OffsetDateTime.class);
                }
            }
            Map<String, Integer> rowsAffected = new LinkedHashMap<>();
            for (TableStatement table : statements.erase) {
                try (PreparedStatement statement = table.sql().prepare(connection, subjectId, null)) {
                    rowsAffected.put(table.table(), statement.executeUpdate());
                }
            }
            Map<String, Long> remaining = new LinkedHashMap<>();
            List<RetainedData> retained = new ArrayList<>();
            try (PreparedStatement recount = statements.recount.prepare(connection, subjectId, null);
                 ResultSet rs = recount.executeQuery()) {
                rs.next();
                for (int i = 0; i < statements.recountTables.size(); i++) {
                    remaining.put(statements.recountTables.get(i), rs.getLong(i + 1));
                }
                for (Retained r : statements.retained) {
                    retained.add(new RetainedData(r.table(), r.column(), r.retention().legalBasis(), r.retention().rule(),
                            rs.getLong(r.recountIndex() + 1)));
                }
            }
            remaining.forEach((table, rows) -> {
                if (rows != 0) {
                    throw new IllegalStateException("Erasure of order " + orderId + " in datastore " + name + " left "
                            + rows + " row(s) of " + table + " not erased; rolled back");
                }
            });
            ErasureEvidence evidence = new ErasureEvidence(name, orderId, erasedAt.toInstant(), rowsAffected, remaining, retained);
            try (PreparedStatement save = connection.prepareStatement(record)) {
                save.setString(1, JSON.writeValueAsString(new Stored(rowsAffected, remaining, retained)));
                save.setString(2, orderId);
                save.executeUpdate();
            }
            return evidence;
        });
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
        return inTransaction(connection -> {
            Map<PersonalField, Integer> updated = new LinkedHashMap<>();
            for (Map.Entry<PersonalField, String> field : values.entrySet()) {
                Sql sql = statements.rectify.get(field.getKey());
                if (sql != null) {
                    try (PreparedStatement update = sql.prepare(connection, subjectId, field.getValue())) {
                        updated.put(field.getKey(), update.executeUpdate());
                    }
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

    private ErasureEvidence stored(Connection connection, String orderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(evidenceOf)) {
            select.setString(1, orderId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                Stored stored = JSON.readValue(rs.getString(2), Stored.class);
                return new ErasureEvidence(name, orderId, rs.getObject(1, OffsetDateTime.class).toInstant(),
                        stored.rowsAffected(), stored.remaining(), stored.retained());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Unreadable evidence of order " + orderId + " in datastore " + name, e);
            }
        }
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

    private interface Work<T> {
        T run(Connection connection) throws SQLException, JsonProcessingException;
    }

    /** The evidence as stored in the log table (the order id and time are columns of their own). */
    private record Stored(Map<String, Integer> rowsAffected, Map<String, Long> remaining, List<RetainedData> retained) {
    }
}
