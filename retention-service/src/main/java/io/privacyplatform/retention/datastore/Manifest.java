package io.privacyplatform.retention.datastore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A datastore manifest as read from its YAML file ({@link ManifestReader}), every element with its line so that
 * {@link ManifestValidator} can name the line of a problem. Not yet checked against the live catalog.
 *
 * @param source        the file the manifest came from (in every error message)
 * @param name          the datastore's name ({@code retention.datastores.<name>.*} configures its connection)
 * @param schema        the database schema holding the tables
 * @param tables        by table name, in the file's order
 * @param tablesLine    the line of {@code tables:} (problems about tables the manifest does not declare)
 * @param rectification which column holds each rectifiable field
 * @param restriction   how a subject is marked restricted, if the datastore can
 * @param contactEmail  the column giving the subject's email, if any
 */
public record Manifest(String source, String name, String schema, Map<String, Table> tables, int tablesLine,
                       Map<PersonalField, ColumnRef> rectification, Optional<Restriction> restriction,
                       Optional<ColumnRef> contactEmail) {

    /**
     * A table and how it reaches the subject: either {@code subjectColumn} holds the subject id, or {@code via} is a
     * foreign key column to {@code parent}, itself declared in the manifest (any depth).
     *
     * @param deleteRow {@code erase: delete-row} for the whole table (then {@code columns} is empty)
     * @param columns   per column, what an erasure does (empty with {@code deleteRow})
     * @param export    the columns that go into the access and portability exports
     * @param purposes  the policy purposes the table serves as written ({@code purposes:}); empty when not written:
     *                  the parent's then apply ({@link Manifest#purposesOf}), and a root table without any is erased
     *                  only by a whole (unscoped) erasure
     */
    public record Table(String name, int line, Optional<String> subjectColumn, Optional<String> parent,
                        Optional<String> via, int reachLine, boolean deleteRow, int eraseLine,
                        Map<String, ColumnAction> columns, List<Located> export, List<Located> purposes) {

        /** Whether an erasure deletes the subject's rows of this table (table-wide or by a column's action). */
        public boolean deletesRows() {
            return deleteRow || columns.values().stream().anyMatch(c -> c.action() == Action.DELETE_ROW);
        }
    }

    /**
     * The purposes a table serves: its own {@code purposes:}, else its parent's (any depth), else none (a table
     * erased only by a whole erasure).
     */
    public List<String> purposesOf(Table table) {
        for (Table step = table; step != null; step = step.parent().map(tables::get).orElse(null)) {
            if (!step.purposes().isEmpty()) {
                return step.purposes().stream().map(Located::value).toList();
            }
        }
        return List.of();
    }

    /** What an erasure does to one column. {@code mask} only with MASK, {@code retention} only with RETAIN. */
    public record ColumnAction(String column, int line, Action action, Optional<String> mask,
                               Optional<Retention> retention) {
    }

    public enum Action {
        /** The subject's rows of the table are deleted. */
        DELETE_ROW("delete-row"),
        /** Set to NULL. */
        NULL("null"),
        /** Replaced by a fixed value ({@code mask: "[erased]"}). */
        MASK("mask"),
        /** Replaced by the hex HMAC-SHA256 of its value under the datastore's key. */
        HASH("hash"),
        /** Kept, under a legal basis and a retention rule; listed in the erasure's evidence. */
        RETAIN("retain"),
        /** Not personal data (ids, amounts, flags): left as it is. */
        KEEP("keep");

        public final String yaml;

        Action(String yaml) {
            this.yaml = yaml;
        }
    }

    /**
     * Why a retained column is kept: the legal basis and the retention rule (a rule code of the retention policy);
     * {@code then} is what a scoped erasure does to it once the rule has ended (the order's purposes include a purpose
     * the rule governs, and no kept purpose is): NULL, MASK, HASH or DELETE_ROW (default NULL), with its mask.
     */
    public record Retention(String legalBasis, String rule, int line, Action then, Optional<String> thenMask) {

        public Retention(String legalBasis, String rule) {
            this(legalBasis, rule, 0, Action.NULL, Optional.empty());
        }

        /** The column action applied when the rule has ended. */
        ColumnAction ended(String column) {
            return new ColumnAction(column, line, then, thenMask, Optional.empty());
        }
    }

    /** {@code table.column} as written in the manifest. */
    public record ColumnRef(String table, String column, int line) {
        @Override
        public String toString() {
            return table + "." + column;
        }
    }

    /** A name and the line it was written on. */
    public record Located(String value, int line) {
    }

    /**
     * How to mark a subject restricted: set a boolean {@code column} of a declared table (reached like that table),
     * or insert the subject id into {@code table}'s {@code subjectColumn}.
     */
    public record Restriction(int line, Optional<ColumnRef> column, Optional<String> table,
                              Optional<String> subjectColumn) {
    }
}
