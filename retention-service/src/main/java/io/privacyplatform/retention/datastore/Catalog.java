package io.privacyplatform.retention.datastore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live catalog of one schema of a PostgreSQL datastore: its tables, their columns, and their single-column
 * foreign keys. What a manifest is checked against at startup.
 */
public record Catalog(String schema, Map<String, Map<String, Column>> tables, List<ForeignKey> foreignKeys) {

    public record Column(String name, String dataType, boolean nullable, Integer maxLength) {

        boolean textual() {
            return dataType.equals("text") || dataType.equals("character varying") || dataType.equals("character");
        }
    }

    /** {@code childTable.childColumn} references {@code parentTable.parentColumn}. */
    public record ForeignKey(String childTable, String childColumn, String parentTable, String parentColumn) {
    }

    public static Catalog read(Connection connection, String schema) throws SQLException {
        Map<String, Map<String, Column>> tables = new LinkedHashMap<>();
        try (PreparedStatement columns = connection.prepareStatement("""
                select c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES', c.character_maximum_length
                from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = ? and t.table_type = 'BASE TABLE'
                order by c.table_name, c.ordinal_position""")) {
            columns.setString(1, schema);
            try (ResultSet rs = columns.executeQuery()) {
                while (rs.next()) {
                    Integer maxLength = rs.getObject(5) == null ? null : rs.getInt(5);
                    tables.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                            .put(rs.getString(2), new Column(rs.getString(2), rs.getString(3), rs.getBoolean(4), maxLength));
                }
            }
        }
        List<ForeignKey> foreignKeys = new ArrayList<>();
        try (PreparedStatement keys = connection.prepareStatement("""
                select child.relname, child_column.attname, parent.relname, parent_column.attname
                from pg_constraint k
                join pg_class child on child.oid = k.conrelid
                join pg_namespace ns on ns.oid = child.relnamespace
                join pg_class parent on parent.oid = k.confrelid
                join pg_attribute child_column on child_column.attrelid = k.conrelid and child_column.attnum = k.conkey[1]
                join pg_attribute parent_column on parent_column.attrelid = k.confrelid and parent_column.attnum = k.confkey[1]
                where k.contype = 'f' and ns.nspname = ? and cardinality(k.conkey) = 1
                order by 1, 2""")) {
            keys.setString(1, schema);
            try (ResultSet rs = keys.executeQuery()) {
                while (rs.next()) {
                    foreignKeys.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return new Catalog(schema, tables, List.copyOf(foreignKeys));
    }

    public Optional<Column> column(String table, String column) {
        return Optional.ofNullable(tables.getOrDefault(table, Map.of()).get(column));
    }

    /** The foreign key from {@code child.column} to {@code parent}, if the catalog has one. */
    public Optional<ForeignKey> foreignKey(String child, String column, String parent) {
        return foreignKeys.stream()
                .filter(k -> k.childTable().equals(child) && k.childColumn().equals(column) && k.parentTable().equals(parent))
                .findFirst();
    }
}
