package io.privacyplatform.retention.datastore;

import io.privacyplatform.retention.datastore.Manifest.Action;
import io.privacyplatform.retention.datastore.Manifest.ColumnAction;
import io.privacyplatform.retention.datastore.Manifest.ColumnRef;
import io.privacyplatform.retention.datastore.Manifest.Located;
import io.privacyplatform.retention.datastore.Manifest.Table;
import io.privacyplatform.retention.datastore.Sql.Param;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.privacyplatform.retention.datastore.Sql.quote;

/**
 * Every statement of one datastore, generated once from its validated manifest: identifiers quoted, the subject id
 * and all values bound. A table reaches the subject through nested {@code IN (select ...)} along its path's foreign
 * keys, so any depth works and the database's indexes do the joining.
 */
final class DatastoreStatements {

    /** An erasure statement of one table. */
    record TableStatement(String table, Sql sql) {
    }

    /** A retained column; its row count is the recount's column {@code recountIndex}. */
    record Retained(String table, String column, Manifest.Retention retention, int recountIndex) {
    }

    /** Erasure, children before parents. */
    final List<TableStatement> erase = new ArrayList<>();
    /** One row: per {@link #recountTables} the subject's rows still holding a non-erased value, then the retained tables' row counts. */
    final Sql recount;
    final List<String> recountTables = new ArrayList<>();
    final List<Retained> retained = new ArrayList<>();
    /** By table, in the manifest's order. */
    final Map<String, Sql> export = new LinkedHashMap<>();
    final Optional<Sql> contactEmail;
    final Map<PersonalField, Sql> rectify = new EnumMap<>(PersonalField.class);
    /** The restriction (VALUE true/false with a column; insert with a table) and its lifting (table form). */
    final Optional<Sql> restrict;
    final Optional<Sql> lift;

    private final Manifest manifest;
    private final Catalog catalog;

    DatastoreStatements(Manifest manifest, Catalog catalog, Optional<HmacPads> pads) {
        this.manifest = manifest;
        this.catalog = catalog;
        List<Table> childrenFirst = new ArrayList<>(manifest.tables().values());
        childrenFirst.sort(Comparator.comparingInt(this::depth).reversed());
        List<String> recountParts = new ArrayList<>();
        List<Object> recountParams = new ArrayList<>();
        for (Table table : childrenFirst) {
            eraseStatement(table, pads).ifPresent(sql -> erase.add(new TableStatement(table.name(), sql)));
            remainingCount(table).ifPresent(sql -> {
                recountTables.add(table.name());
                recountParts.add("(" + sql.text() + ")");
                recountParams.addAll(sql.params());
            });
        }
        for (Table table : manifest.tables().values()) {
            List<ColumnAction> kept = table.columns().values().stream().filter(c -> c.action() == Action.RETAIN).toList();
            if (!kept.isEmpty()) {
                int index = recountParts.size();
                recountParts.add("(select count(*) from " + table(table.name()) + " where " + reach(table, recountParams) + ")");
                kept.forEach(c -> retained.add(new Retained(table.name(), c.column(), c.retention().orElseThrow(), index)));
            }
        }
        recount = new Sql("select " + (recountParts.isEmpty() ? "1" : String.join(", ", recountParts)), List.copyOf(recountParams));
        for (Table table : manifest.tables().values()) {
            if (!table.export().isEmpty()) {
                List<Object> params = new ArrayList<>();
                String columns = String.join(", ", table.export().stream().map(Located::value).map(c -> column(table.name(), c)).toList());
                String where = reach(table, params);
                export.put(table.name(), new Sql("select " + columns + " from " + table(table.name()) + " where " + where
                        + " order by " + columns, params));
            }
        }
        contactEmail = manifest.contactEmail().map(ref -> {
            List<Object> params = new ArrayList<>();
            String where = reach(manifest.tables().get(ref.table()), params);
            return new Sql("select " + column(ref.table(), ref.column()) + " from " + table(ref.table()) + " where " + where
                    + " and " + column(ref.table(), ref.column()) + " is not null limit 1", params);
        });
        manifest.rectification().forEach((field, ref) -> rectify.put(field, update(ref)));
        restrict = manifest.restriction().map(r -> r.column().map(this::update).orElseGet(() -> {
            String table = table(r.table().orElseThrow());
            String subject = quote(r.subjectColumn().orElseThrow());
            return new Sql("insert into " + table + " (" + subject + ") select ? where not exists (select 1 from " + table
                    + " where " + subject + " = ?)", List.of(Param.SUBJECT, Param.SUBJECT));
        }));
        lift = manifest.restriction().flatMap(r -> r.table().map(t -> new Sql("delete from " + table(t) + " where "
                + quote(r.subjectColumn().orElseThrow()) + " = ?", List.of(Param.SUBJECT))));
    }

    private Optional<Sql> eraseStatement(Table table, Optional<HmacPads> pads) {
        List<Object> params = new ArrayList<>();
        if (table.deletesRows()) {
            String where = reach(table, params);
            return Optional.of(new Sql("delete from " + table(table.name()) + " where " + where, params));
        }
        List<String> sets = new ArrayList<>();
        for (ColumnAction c : table.columns().values()) {
            String column = quote(c.column());
            switch (c.action()) {
                case NULL -> sets.add(column + " = null");
                case MASK -> {
                    sets.add(column + " = ?");
                    params.add(c.mask().orElseThrow());
                }
                case HASH -> {
                    HmacPads hmac = pads.orElseThrow();
                    sets.add(column + " = " + HmacPads.sql(column(table.name(), c.column())));
                    params.add(hmac.outer());
                    params.add(hmac.inner());
                }
                default -> {
                }
            }
        }
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        String where = reach(table, params);
        return Optional.of(new Sql("update " + table(table.name()) + " set " + String.join(", ", sets) + " where " + where, params));
    }

    /** The subject's rows of the table that still hold something an erasure removes (all its rows for delete-row). */
    private Optional<Sql> remainingCount(Table table) {
        List<Object> params = new ArrayList<>();
        String where = reach(table, params);
        if (table.deletesRows()) {
            return Optional.of(new Sql("select count(*) from " + table(table.name()) + " where " + where, params));
        }
        List<String> notErased = new ArrayList<>();
        for (ColumnAction c : table.columns().values()) {
            String column = column(table.name(), c.column());
            switch (c.action()) {
                case NULL -> notErased.add(column + " is not null");
                case MASK -> {
                    notErased.add(column + " is distinct from ?");
                    params.add(c.mask().orElseThrow());
                }
                case HASH -> notErased.add("(" + column + " is not null and " + column + " !~ '^[0-9a-f]{"
                        + ManifestValidator.HASH_LENGTH + "}$')");
                default -> {
                }
            }
        }
        if (notErased.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sql("select count(*) from " + table(table.name()) + " where " + where + " and ("
                + String.join(" or ", notErased) + ")", params));
    }

    private Sql update(ColumnRef ref) {
        List<Object> params = new ArrayList<>(List.of(Param.VALUE));
        String where = reach(manifest.tables().get(ref.table()), params);
        return new Sql("update " + table(ref.table()) + " set " + quote(ref.column()) + " = ? where " + where, params);
    }

    /** The condition selecting the subject's rows of {@code table}; adds its one parameter (the subject id). */
    private String reach(Table table, List<Object> params) {
        if (table.subjectColumn().isPresent()) {
            params.add(Param.SUBJECT);
            return column(table.name(), table.subjectColumn().get()) + " = ?";
        }
        Table parent = manifest.tables().get(table.parent().orElseThrow());
        String via = table.via().orElseThrow();
        String referenced = catalog.foreignKey(table.name(), via, parent.name()).orElseThrow().parentColumn();
        return column(table.name(), via) + " in (select " + column(parent.name(), referenced) + " from "
                + table(parent.name()) + " where " + reach(parent, params) + ")";
    }

    private int depth(Table table) {
        return table.parent().map(p -> 1 + depth(manifest.tables().get(p))).orElse(0);
    }

    private String table(String name) {
        return quote(manifest.schema()) + "." + quote(name);
    }

    private static String column(String table, String column) {
        return quote(table) + "." + quote(column);
    }
}
