package io.privacyplatform.retention.datastore;

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
import java.util.concurrent.ConcurrentHashMap;

import static io.privacyplatform.retention.datastore.Sql.quote;

/**
 * Every statement of one datastore, generated once from its validated manifest: identifiers quoted, the subject
 * ids and all values bound. A table reaches the subject by joining its path's tables along their foreign keys up to
 * the subject column ({@link Reach}), so any depth works, the database's indexes do the joining, and an erasure
 * statement can return the subject id of every row it changed: one statement per table erases a whole batch of
 * subjects ({@code = any(?)}) and still counts per subject.
 */
final class DatastoreStatements {

    /** An erasure statement of one table: returns (subject id, rows changed) for the bound array of subject ids. */
    record TableStatement(String table, Sql sql) {
    }

    /** What a hashed value looks like (hex HMAC-SHA256). */
    private static final String HASHED = "^[0-9a-f]{" + ManifestValidator.HASH_LENGTH + "}$";

    /**
     * The statements of an erasure, children before parents, then the re-count and the subject's rows of the tables
     * the evidence reports (retained columns, kept tables), for one subject ({@code = ?}: separate statements the
     * driver prepares once per connection) or for a batch ({@code = any(?)}: one script, sent in one round trip,
     * planned once per batch).
     *
     * @param recount one row: per {@code recountTables}, the rows still holding a value that is not erased
     * @param countedRows rows (table, subject id, rows of the subject) of the {@link ErasureSelection#counted()} tables
     * @param script all of them as one text, one result per statement in that order
     */
    record ErasurePlan(List<TableStatement> erase, Sql recount, List<String> recountTables, Optional<Sql> countedRows,
                       Sql script) {

        List<Sql> steps() {
            List<Sql> steps = new ArrayList<>(erase.stream().map(TableStatement::sql).toList());
            steps.add(recount);
            countedRows.ifPresent(steps::add);
            return steps;
        }
    }

    /** The plans of every selection met so far (a handful: the whole erasure and the scopes the orderers send). */
    private final Map<ErasureSelection.Key, ErasurePlan> plans = new ConcurrentHashMap<>();
    private final Optional<HmacPads> pads;
    private final List<Table> childrenFirst;
    /** By table, in the manifest's order. */
    final Map<String, Sql> export = new LinkedHashMap<>();
    final Optional<Sql> contactEmail;
    final Map<PersonalField, Sql> rectify = new EnumMap<>(PersonalField.class);
    /** The re-read after a rectification: the subject's rows whose column does not hold the new value. */
    final Map<PersonalField, Sql> rectifyCheck = new EnumMap<>(PersonalField.class);
    /** The restriction (VALUE true/false with a column; insert with a table) and its lifting (table form). */
    final Optional<Sql> restrict;
    final Optional<Sql> lift;
    /**
     * The re-read after a restriction or its lifting: with a column, the subject's rows whose mark differs from VALUE;
     * with a table, the subject's rows in it.
     */
    final Optional<Sql> restrictCheck;

    private final Manifest manifest;
    private final Catalog catalog;

    DatastoreStatements(Manifest manifest, Catalog catalog, Optional<HmacPads> pads) {
        this.manifest = manifest;
        this.catalog = catalog;
        this.pads = pads;
        List<Table> ordered = new ArrayList<>(manifest.tables().values());
        ordered.sort(Comparator.comparingInt(this::depth).reversed());
        this.childrenFirst = List.copyOf(ordered);
        for (Table table : manifest.tables().values()) {
            if (!table.export().isEmpty()) {
                Reach reach = reach(table, Reach.ONE);
                String columns = String.join(", ", table.export().stream().map(Located::value).map(c -> column(table.name(), c)).toList());
                export.put(table.name(), new Sql("select " + columns + " from " + table(table.name()) + reach.using(", ")
                        + " where " + reach.where + " order by " + columns, List.of(Param.SUBJECT)));
            }
        }
        contactEmail = manifest.contactEmail().map(ref -> {
            Table table = manifest.tables().get(ref.table());
            Reach reach = reach(table, Reach.ONE);
            String email = column(ref.table(), ref.column());
            // An erased subject has no contact, even where its row stays (e.g. an account kept with its invoices and
            // its email hashed): the value must not be what the erasure wrote.
            List<Object> params = new ArrayList<>(List.of(Param.SUBJECT));
            String erased = table.columns().values().stream().filter(c -> c.column().equals(ref.column())).findFirst()
                    .flatMap(c -> notErased(ref.table(), c, params)).map(condition -> " and " + condition).orElse("");
            return new Sql("select " + email + " from " + table(ref.table()) + reach.using(", ") + " where " + reach.where
                    + " and " + email + " is not null" + erased + " limit 1", params);
        });
        manifest.rectification().forEach((field, ref) -> rectify.put(field, update(ref)));
        manifest.rectification().forEach((field, ref) -> rectifyCheck.put(field, differing(ref)));
        restrict = manifest.restriction().map(r -> r.column().map(this::update).orElseGet(() -> {
            String table = table(r.table().orElseThrow());
            String subject = quote(r.subjectColumn().orElseThrow());
            return new Sql("insert into " + table + " (" + subject + ") select ? where not exists (select 1 from " + table
                    + " where " + subject + " = ?)", List.of(Param.SUBJECT, Param.SUBJECT));
        }));
        lift = manifest.restriction().flatMap(r -> r.table().map(t -> new Sql("delete from " + table(t) + " where "
                + quote(r.subjectColumn().orElseThrow()) + " = ?", List.of(Param.SUBJECT))));
        restrictCheck = manifest.restriction().map(r -> r.column().map(this::differing).orElseGet(() ->
                new Sql("select count(*) from " + table(r.table().orElseThrow()) + " where "
                        + quote(r.subjectColumn().orElseThrow()) + " = ?", List.of(Param.SUBJECT))));
    }

    /** The statements of the selection, for one subject ({@code single}) or a batch; generated once per selection. */
    ErasurePlan plan(ErasureSelection selection, boolean single) {
        return plans.computeIfAbsent(new ErasureSelection.Key(selection, single),
                key -> erasure(selection, single ? Reach.ONE : Reach.ANY));
    }

    private ErasurePlan erasure(ErasureSelection selection, String predicate) {
        List<TableStatement> erase = new ArrayList<>();
        List<String> recountTables = new ArrayList<>();
        List<String> recountParts = new ArrayList<>();
        List<Object> recountParams = new ArrayList<>();
        for (Table table : childrenFirst) {
            if (!selection.acts(table.name())) {
                continue;
            }
            boolean deleteRows = selection.deletesRows(table.name());
            List<ColumnAction> columns = selection.columns(table.name());
            eraseStatement(table, deleteRows, columns, predicate).ifPresent(sql -> erase.add(new TableStatement(table.name(), sql)));
            remainingCount(table, deleteRows, columns, predicate).ifPresent(sql -> {
                recountTables.add(table.name());
                recountParts.add("(" + sql.text() + ")");
                recountParams.addAll(sql.params());
            });
        }
        Sql recount = new Sql("select " + (recountParts.isEmpty() ? "1" : String.join(", ", recountParts)), List.copyOf(recountParams));
        List<String> countedParts = new ArrayList<>();
        List<Object> countedParams = new ArrayList<>();
        for (Table table : manifest.tables().values()) {
            if (selection.counted().contains(table.name())) {
                Reach reach = reach(table, predicate);
                countedParts.add("select cast(? as text), " + reach.subject + ", count(*) from " + table(table.name())
                        + reach.using(", ") + " where " + reach.where + " group by 2");
                countedParams.add(table.name());
                countedParams.add(Param.SUBJECT);
            }
        }
        Optional<Sql> countedRows = countedParts.isEmpty() ? Optional.empty()
                : Optional.of(new Sql(String.join(" union all ", countedParts), List.copyOf(countedParams)));
        ErasurePlan withoutScript = new ErasurePlan(erase, recount, recountTables, countedRows, null);
        List<Sql> steps = withoutScript.steps();
        Sql script = new Sql(String.join(";\n", steps.stream().map(Sql::text).toList()),
                steps.stream().flatMap(step -> step.params().stream()).toList());
        return new ErasurePlan(List.copyOf(erase), recount, List.copyOf(recountTables), countedRows, script);
    }

    private Optional<Sql> eraseStatement(Table table, boolean deleteRows, List<ColumnAction> columns, String predicate) {
        Reach reach = reach(table, predicate);
        List<Object> params = new ArrayList<>();
        String statement;
        if (deleteRows) {
            statement = "delete from " + table(table.name()) + reach.using(" using ") + " where " + reach.where;
        } else {
            List<String> sets = new ArrayList<>();
            for (ColumnAction c : columns) {
                String column = quote(c.column());
                switch (c.action()) {
                    case NULL -> sets.add(column + " = null");
                    case MASK -> {
                        sets.add(column + " = ?");
                        params.add(c.mask().orElseThrow());
                    }
                    case HASH -> {
                        HmacPads hmac = pads.orElseThrow();
                        // A value that is already a hash (a second order for the same subject) is not hashed again.
                        String qualified = column(table.name(), c.column());
                        sets.add(column + " = case when " + qualified + " ~ '" + HASHED + "' then " + qualified + " else "
                                + HmacPads.sql(qualified) + " end");
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
            boolean changesSubject = table.subjectColumn().isPresent()
                    && columns.stream().anyMatch(c -> c.column().equals(table.subjectColumn().get()));
            if (changesSubject) {
                // The subject column itself changes (a link hashed at the end of its rule): RETURNING would give the new
                // value, so the rows and their subject ids are read before the update.
                params.add(Param.SUBJECT);
                return Optional.of(new Sql("with changed as (update " + table(table.name()) + " set " + String.join(", ", sets)
                        + " from (select ctid as row_id, " + reach.subject + " as old_subject from " + table(table.name())
                        + " where " + reach.where + ") old where " + table(table.name()) + ".ctid = old.row_id"
                        + " returning old.old_subject as subject_id) select subject_id, count(*) from changed group by subject_id",
                        params));
            }
            statement = "update " + table(table.name()) + " set " + String.join(", ", sets) + reach.using(" from ")
                    + " where " + reach.where;
        }
        params.add(Param.SUBJECT);
        return Optional.of(new Sql("with changed as (" + statement + " returning " + reach.subject + " as subject_id)"
                + " select subject_id, count(*) from changed group by subject_id", params));
    }

    /** The subjects' rows of the table that still hold something the erasure removes (all its rows when they go). */
    private Optional<Sql> remainingCount(Table table, boolean deleteRows, List<ColumnAction> columns, String predicate) {
        Reach reach = reach(table, predicate);
        List<Object> params = new ArrayList<>(List.of(Param.SUBJECT));
        String rows = "select count(*) from " + table(table.name()) + reach.using(", ") + " where " + reach.where;
        if (deleteRows) {
            return Optional.of(new Sql(rows, params));
        }
        List<String> notErased = new ArrayList<>();
        for (ColumnAction c : columns) {
            notErased(table.name(), c, params).ifPresent(notErased::add);
        }
        if (notErased.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Sql(rows + " and (" + String.join(" or ", notErased) + ")", params));
    }

    /**
     * The condition under which the column still holds what an erasure removes (its mask's value appended to
     * {@code params}); empty for the actions that leave the value (keep, retain) or the row (delete-row).
     */
    private Optional<String> notErased(String table, ColumnAction c, List<Object> params) {
        String column = column(table, c.column());
        return switch (c.action()) {
            case NULL -> Optional.of(column + " is not null");
            case MASK -> {
                params.add(c.mask().orElseThrow());
                yield Optional.of(column + " is distinct from ?");
            }
            case HASH -> Optional.of("(" + column + " is not null and " + column + " !~ '" + HASHED + "')");
            default -> Optional.empty();
        };
    }

    private Sql update(ColumnRef ref) {
        Reach reach = reach(manifest.tables().get(ref.table()), Reach.ONE);
        return new Sql("update " + table(ref.table()) + " set " + quote(ref.column()) + " = ?" + reach.using(" from ")
                + " where " + reach.where, List.of(Param.VALUE, Param.SUBJECT));
    }

    private Sql differing(ColumnRef ref) {
        Reach reach = reach(manifest.tables().get(ref.table()), Reach.ONE);
        return new Sql("select count(*) from " + table(ref.table()) + reach.using(", ") + " where " + reach.where
                + " and " + column(ref.table(), ref.column()) + " is distinct from ?", List.of(Param.SUBJECT, Param.VALUE));
    }

    /**
     * How a table's rows reach the subject: the ancestor tables to join ({@code using}), the join conditions ending
     * with the subject predicate (its one parameter last), and the subject column of the root.
     */
    private record Reach(List<String> ancestors, String where, String subject) {

        static final String ONE = " = ?";
        static final String ANY = " = any(?)";

        String using(String keyword) {
            return ancestors.isEmpty() ? "" : keyword + String.join(", ", ancestors);
        }
    }

    private Reach reach(Table table, String predicate) {
        List<String> ancestors = new ArrayList<>();
        List<String> joins = new ArrayList<>();
        Table step = table;
        while (step.parent().isPresent()) {
            Table parent = manifest.tables().get(step.parent().get());
            String via = step.via().orElseThrow();
            String referenced = catalog.foreignKey(step.name(), via, parent.name()).orElseThrow().parentColumn();
            ancestors.add(table(parent.name()));
            joins.add(column(step.name(), via) + " = " + column(parent.name(), referenced));
            step = parent;
        }
        String subject = column(step.name(), step.subjectColumn().orElseThrow());
        joins.add(subject + predicate);
        return new Reach(ancestors, String.join(" and ", joins), subject);
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
