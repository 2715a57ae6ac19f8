package io.privacyplatform.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Fast seeding of a service's tables without changing their schema: the tables' secondary indexes and unique
 * constraints are dropped before a set-based load ({@code generate_series}) and built again after it, from their own
 * definitions (pg_indexes, pg_get_constraintdef): one sorted build instead of millions of random index inserts. Keys a
 * foreign key refers to stay (dropping them would need the foreign key gone too).
 */
final class BulkLoad implements AutoCloseable {

    private final Connection connection;
    private final List<String> rebuild = new ArrayList<>();

    private BulkLoad(Connection connection) {
        this.connection = connection;
    }

    /** Drops the indexes of {@code tables} that are not referenced by a foreign key; {@link #close} builds them again. */
    static BulkLoad withoutIndexes(Connection connection, String... tables) throws SQLException {
        BulkLoad load = new BulkLoad(connection);
        for (String table : tables) {
            load.dropIndexes(table);
        }
        return load;
    }

    private void dropIndexes(String table) throws SQLException {
        List<String> drops = new ArrayList<>();
        // Constraints backed by an index (primary key, unique), unless a foreign key depends on it.
        try (PreparedStatement query = connection.prepareStatement("""
                select c.conname, pg_get_constraintdef(c.oid)
                from pg_constraint c
                where c.conrelid = ?::regclass and c.contype in ('p', 'u')
                  and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = c.conindid)
                order by c.conname""")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    drops.add("alter table " + table + " drop constraint " + rs.getString(1));
                    rebuild.add("alter table " + table + " add constraint " + rs.getString(1) + " " + rs.getString(2));
                }
            }
        }
        // Plain indexes (not behind a constraint).
        try (PreparedStatement query = connection.prepareStatement("""
                select i.indexname, i.indexdef from pg_indexes i
                where i.schemaname = current_schema() and i.tablename = ?
                  and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.indexname))::regclass)
                order by i.indexname""")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    drops.add("drop index " + rs.getString(1));
                    rebuild.add(rs.getString(2));
                }
            }
        }
        execute(drops);
    }

    /** Builds the dropped indexes and constraints again, then refreshes the planner's statistics. */
    @Override
    public void close() throws SQLException {
        execute(rebuild);
        rebuild.clear();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            s.execute("vacuum analyze");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void execute(List<String> statements) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // Index builds sort in memory: the default 64 MB makes a 10M-row build spill to disk many times.
            s.execute("set maintenance_work_mem = '512MB'");
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
