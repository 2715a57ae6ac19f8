package io.privacyplatform.retention.datastore;

import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.datastore.Catalog.Column;
import io.privacyplatform.retention.datastore.Catalog.ForeignKey;
import io.privacyplatform.retention.datastore.Manifest.Action;
import io.privacyplatform.retention.datastore.Manifest.ColumnAction;
import io.privacyplatform.retention.datastore.Manifest.ColumnRef;
import io.privacyplatform.retention.datastore.Manifest.Located;
import io.privacyplatform.retention.datastore.Manifest.Table;
import io.privacyplatform.retention.datastore.ManifestException.Problem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a manifest against the live catalog: every table and column exists, every path joins along a real
 * foreign key up to a subject column, every column of a declared table has an action (a column added by a migration
 * without one stops the service), no deletion would leave child rows behind, no table outside the manifest points
 * at a declared one; against the retention policy: every purpose a table serves and every rule a retained column
 * names are the policy's, and a scoped erasure can never delete a parent's rows while it keeps a child's. All
 * problems at once, each with the manifest's file and line.
 */
public final class ManifestValidator {

    /** The length of a hex HMAC-SHA256. */
    static final int HASH_LENGTH = 64;

    private static RetentionPolicy classpathPolicy;

    private final Manifest manifest;
    private final Catalog catalog;
    private final RetentionPolicy policy;
    private final List<Problem> problems = new ArrayList<>();

    private ManifestValidator(Manifest manifest, Catalog catalog, RetentionPolicy policy) {
        this.manifest = manifest;
        this.catalog = catalog;
        this.policy = policy;
    }

    /** Against the policy file on the classpath ({@link #classpathPolicy()}). @throws ManifestException listing every problem */
    public static void validate(Manifest manifest, Catalog catalog) {
        validate(manifest, catalog, classpathPolicy());
    }

    /** @throws ManifestException listing every problem */
    public static void validate(Manifest manifest, Catalog catalog, RetentionPolicy policy) {
        ManifestValidator validator = new ManifestValidator(manifest, catalog, policy);
        validator.check();
        if (!validator.problems.isEmpty()) {
            throw new ManifestException(validator.problems);
        }
    }

    /** The policy module's retention-policy.yaml as written (the codes of its purposes and rules are what a manifest names). */
    public static synchronized RetentionPolicy classpathPolicy() {
        if (classpathPolicy == null) {
            try (InputStream in = ManifestValidator.class.getClassLoader().getResourceAsStream(Register.RETENTION_POLICY_FILE)) {
                if (in == null) {
                    throw new IllegalStateException(Register.RETENTION_POLICY_FILE + " is not on the classpath");
                }
                classpathPolicy = RetentionPolicy.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return classpathPolicy;
    }

    private void check() {
        for (Table table : manifest.tables().values()) {
            checkPurposes(table);
            if (!catalog.tables().containsKey(table.name())) {
                problem(table.line(), "table " + table.name() + " does not exist in schema " + catalog.schema());
                continue;
            }
            checkReach(table);
            checkErase(table);
            for (Located column : table.export()) {
                checkColumn(table.name(), column.value(), column.line(), "export");
            }
        }
        checkDeletions();
        checkUndeclaredChildren();
        manifest.rectification().forEach((field, ref) -> checkRef(ref, "rectification " + field.yaml));
        manifest.contactEmail().ifPresent(ref -> checkRef(ref, "contact email"));
        manifest.restriction().ifPresent(restriction -> {
            restriction.column().ifPresent(ref -> {
                if (checkRef(ref, "restriction")) {
                    catalog.column(ref.table(), ref.column()).filter(c -> !c.dataType().equals("boolean"))
                            .ifPresent(c -> problem(ref.line(), "restriction column " + ref + " is " + c.dataType() + ", not boolean"));
                }
            });
            restriction.table().ifPresent(table -> {
                if (!catalog.tables().containsKey(table)) {
                    problem(restriction.line(), "restriction table " + table + " does not exist in schema " + catalog.schema());
                } else {
                    restriction.subjectColumn().ifPresent(c -> checkColumn(table, c, restriction.line(), "restriction"));
                }
            });
        });
    }

    private void checkReach(Table table) {
        if (table.subjectColumn().isPresent() == table.parent().isPresent()
                || table.parent().isPresent() != table.via().isPresent()) {
            problem(table.reachLine(), "table " + table.name() + " reaches the subject by subject-column: or by parent: and via:, exactly one of them");
            return;
        }
        if (table.subjectColumn().isPresent()) {
            String column = table.subjectColumn().get();
            if (checkColumn(table.name(), column, table.reachLine(), "subject-column")
                    && !catalog.column(table.name(), column).orElseThrow().textual()) {
                problem(table.reachLine(), "subject-column " + table.name() + "." + column + " is not a text column (subject ids are text)");
            }
            return;
        }
        String parent = table.parent().get();
        String via = table.via().get();
        if (!manifest.tables().containsKey(parent)) {
            problem(table.reachLine(), "parent " + parent + " of table " + table.name() + " is not declared in this manifest");
            return;
        }
        if (checkColumn(table.name(), via, table.reachLine(), "via")
                && catalog.foreignKey(table.name(), via, parent).isEmpty()) {
            problem(table.reachLine(), "path does not join: no foreign key from " + table.name() + "." + via + " to " + parent);
        }
        Set<String> seen = new HashSet<>(List.of(table.name()));
        Optional<String> next = Optional.of(parent);
        while (next.isPresent()) {
            if (!seen.add(next.get())) {
                problem(table.reachLine(), "the path of table " + table.name() + " loops back to " + next.get() + " without reaching a subject-column");
                return;
            }
            Table step = manifest.tables().get(next.get());
            next = step == null ? Optional.empty() : step.parent();
        }
    }

    private void checkErase(Table table) {
        if (table.deleteRow()) {
            return;
        }
        Map<String, Column> columns = catalog.tables().get(table.name());
        for (ColumnAction action : table.columns().values()) {
            Optional<Column> column = catalog.column(table.name(), action.column());
            if (column.isEmpty()) {
                problem(action.line(), "column " + table.name() + "." + action.column() + " does not exist");
                continue;
            }
            checkAction(table, action, column.get());
        }
        for (String column : columns.keySet()) {
            if (!table.columns().containsKey(column)) {
                problem(table.eraseLine(), "column " + table.name() + "." + column
                        + " has no erasure action (delete-row, null, mask, hash, retain, or keep if it is not personal data)");
            }
        }
        if (table.deletesRows()) {
            table.columns().values().stream()
                    .filter(a -> a.action() != Action.DELETE_ROW && a.action() != Action.KEEP)
                    .forEach(a -> problem(a.line(), table.name() + "." + a.column() + ": " + a.action().yaml
                            + " contradicts delete-row on the same table (the row goes)"));
        }
    }

    /** Purposes of the policy, each once; a child of a table that deletes rows serves exactly its parent's purposes. */
    private void checkPurposes(Table table) {
        Set<String> seen = new HashSet<>();
        for (Located purpose : table.purposes()) {
            if (policy.purpose(purpose.value()).isEmpty()) {
                problem(purpose.line(), "table " + table.name() + ": unknown purpose '" + purpose.value() + "' ("
                        + Register.RETENTION_POLICY_FILE + " has: " + policy.purposeCodes() + ")");
            } else if (!seen.add(purpose.value())) {
                problem(purpose.line(), "table " + table.name() + ": purpose " + purpose.value() + " is listed twice");
            }
        }
        Table parent = table.parent().map(manifest.tables()::get).orElse(null);
        if (parent != null && parent.deletesRows() && !table.purposes().isEmpty()
                && !Set.copyOf(manifest.purposesOf(table)).equals(Set.copyOf(manifest.purposesOf(parent)))) {
            problem(table.purposes().get(0).line(), "table " + table.name() + " serves other purposes than " + parent.name()
                    + ", whose rows an erasure deletes: a scoped erasure would delete the parent rows and keep its rows"
                    + " (leave purposes: out to inherit " + parent.name() + "'s)");
        }
    }

    /** A retained column names a rule of the policy; what it becomes once that rule has ended fits the column. */
    private void checkRetention(Table table, ColumnAction action, Column column) {
        Manifest.Retention retention = action.retention().orElseThrow();
        String what = table.name() + "." + action.column();
        if (policy.rules().stream().noneMatch(r -> r.code().equals(retention.rule()))) {
            problem(action.line(), what + ": unknown rule '" + retention.rule() + "' (" + Register.RETENTION_POLICY_FILE
                    + " has: " + String.join(", ", policy.rules().stream().map(RetentionPolicy.Rule::code).toList()) + ")");
        }
        ColumnAction ended = retention.ended(action.column());
        if (ended.action() == Action.DELETE_ROW) {
            manifest.tables().values().stream().filter(t -> t.parent().filter(table.name()::equals).isPresent())
                    .forEach(child -> problem(ended.line(), what + ": then: delete-row, but " + child.name()
                            + " points at " + table.name() + " (its rows would be left behind): null, hash or mask it"));
        } else {
            checkFits(ended, column, what + " (then:)");
        }
    }

    private void checkAction(Table table, ColumnAction action, Column column) {
        if (action.action() == Action.RETAIN) {
            checkRetention(table, action, column);
            return;
        }
        checkFits(action, column, table.name() + "." + action.column());
    }

    /** The action can be applied to the column ({@code what} names it in the problems). */
    private void checkFits(ColumnAction action, Column column, String what) {
        switch (action.action()) {
            case NULL -> {
                if (!column.nullable()) {
                    problem(action.line(), what + " is NOT NULL: it cannot be nulled (mask or hash it, or delete the row)");
                }
            }
            case MASK -> {
                if (!column.textual()) {
                    problem(action.line(), what + " is " + column.dataType() + ": mask needs a text column");
                } else if (column.maxLength() != null && action.mask().orElse("").length() > column.maxLength()) {
                    problem(action.line(), what + " holds at most " + column.maxLength() + " characters: the mask is longer");
                }
            }
            case HASH -> {
                if (!column.textual()) {
                    problem(action.line(), what + " is " + column.dataType() + ": hash needs a text column");
                } else if (column.maxLength() != null && column.maxLength() < HASH_LENGTH) {
                    problem(action.line(), what + " holds at most " + column.maxLength() + " characters: a hash needs " + HASH_LENGTH);
                }
            }
            default -> {
            }
        }
    }

    /** Deleting a table's rows must not leave child rows behind: every table pointing at it is deleted first. */
    private void checkDeletions() {
        for (ForeignKey key : catalog.foreignKeys()) {
            Table parent = manifest.tables().get(key.parentTable());
            Table child = manifest.tables().get(key.childTable());
            if (parent != null && parent.deletesRows() && child != null && !child.deletesRows()) {
                problem(child.eraseLine(), "table " + parent.name() + " is delete-row, so its child " + child.name()
                        + " must be delete-row too (its rows would be left behind)");
            }
        }
    }

    /** A table outside the manifest with a foreign key to a declared one holds data of the subject nobody erases. */
    private void checkUndeclaredChildren() {
        for (ForeignKey key : catalog.foreignKeys()) {
            if (manifest.tables().containsKey(key.parentTable()) && !manifest.tables().containsKey(key.childTable())) {
                problem(manifest.tablesLine(), "table " + key.childTable() + " references " + key.parentTable()
                        + " (" + key.childColumn() + ") but is not declared in this manifest");
            }
        }
    }

    private boolean checkRef(ColumnRef ref, String what) {
        if (!manifest.tables().containsKey(ref.table())) {
            problem(ref.line(), what + ": table " + ref.table() + " is not declared in this manifest");
            return false;
        }
        return checkColumn(ref.table(), ref.column(), ref.line(), what);
    }

    private boolean checkColumn(String table, String column, int line, String what) {
        if (catalog.column(table, column).isEmpty()) {
            problem(line, what + ": column " + table + "." + column + " does not exist");
            return false;
        }
        return true;
    }

    private void problem(int line, String message) {
        problems.add(new Problem(manifest.source(), line, message));
    }
}
