package io.privacyplatform.retention.datastore;

import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.policy.RetentionPolicy;
import io.privacyplatform.retention.datastore.Manifest.Action;
import io.privacyplatform.retention.datastore.Manifest.ColumnAction;
import io.privacyplatform.retention.datastore.Manifest.Retention;
import io.privacyplatform.retention.datastore.Manifest.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one erasure order does to each table of a manifest. A whole order (no scope) applies every table's actions and
 * keeps every retained column, as the manifest says. A scoped order ({@link ErasureScope}), table by table:
 * <ul>
 *     <li>a table serving a kept purpose ({@code keptPurposes}) is left as it is, kept for those purposes;</li>
 *     <li>otherwise, a table serving a purpose of {@code purposes} gets its erase actions (its retained columns stay);</li>
 *     <li>a table serving none of them (or no purpose at all: erased only by a whole order) is left as it is;</li>
 *     <li>and, in a table not kept, a retained column whose rule has ended (the order's purposes include a purpose the
 *     rule governs, and no kept purpose is governed by it) gets its {@code then:} action.</li>
 * </ul>
 *
 * @param scope     null for a whole order
 * @param deleting  tables whose rows go
 * @param columns   tables updated, with the column actions applied
 * @param retained  retained columns that stay, in tables the order acts on
 * @param ended     retained columns erased because their rule has ended
 * @param kept      tables left as they are because of kept purposes, with those purposes
 * @param untouched tables left as they are because the order concerns none of their purposes, with why
 */
record ErasureSelection(ErasureScope scope, Set<String> deleting, Map<String, List<ColumnAction>> columns,
                        List<RetainedColumn> retained, List<RetainedColumn> ended, Map<String, List<String>> kept,
                        Map<String, String> untouched) {

    /** A retained column of a table and why it is kept. */
    record RetainedColumn(String table, String column, Retention retention) {
    }

    /** What the statements depend on (not why): plans are cached by it. */
    record Key(Set<String> deleting, Map<String, List<ColumnAction>> columns, Set<String> counted, boolean single) {

        Key(ErasureSelection selection, boolean single) {
            this(selection.deleting, selection.columns, selection.counted(), single);
        }
    }

    static ErasureSelection of(Manifest manifest, RetentionPolicy policy, ErasureScope scope) {
        Set<String> deleting = new LinkedHashSet<>();
        Map<String, List<ColumnAction>> columns = new LinkedHashMap<>();
        List<RetainedColumn> retained = new ArrayList<>();
        List<RetainedColumn> ended = new ArrayList<>();
        Map<String, List<String>> kept = new LinkedHashMap<>();
        Map<String, String> untouched = new LinkedHashMap<>();
        for (Table table : manifest.tables().values()) {
            List<String> purposes = manifest.purposesOf(table);
            if (scope != null) {
                List<String> keeping = purposes.stream().filter(scope.keptPurposes()::contains).toList();
                if (!keeping.isEmpty()) {
                    kept.put(table.name(), keeping);
                    continue;
                }
            }
            boolean erased = scope == null || purposes.stream().anyMatch(scope.purposes()::contains);
            List<ColumnAction> applied = new ArrayList<>();
            boolean deleteRows = erased && table.deletesRows();
            for (ColumnAction column : table.columns().values()) {
                if (column.action() == Action.RETAIN) {
                    Retention retention = column.retention().orElseThrow();
                    RetainedColumn retainedColumn = new RetainedColumn(table.name(), column.column(), retention);
                    if (scope != null && ruleEnded(policy, retention.rule(), scope)) {
                        ended.add(retainedColumn);
                        ColumnAction then = retention.ended(column.column());
                        deleteRows |= then.action() == Action.DELETE_ROW;
                        applied.add(then);
                    } else if (erased) {
                        retained.add(retainedColumn);
                    }
                } else if (erased && column.action() != Action.KEEP && column.action() != Action.DELETE_ROW) {
                    applied.add(column);
                }
            }
            if (deleteRows) {
                deleting.add(table.name());
                // A row that goes takes its retained columns with it: none stays to report.
                retained.removeIf(r -> r.table().equals(table.name()));
            } else if (erased || !applied.isEmpty()) {
                columns.put(table.name(), List.copyOf(applied));
            } else {
                untouched.put(table.name(), purposes.isEmpty()
                        ? "serves no purpose in the manifest: erased only by a whole erasure"
                        : "serves none of the order's purposes (" + String.join(", ", purposes) + ")");
            }
        }
        return new ErasureSelection(scope, Set.copyOf(deleting), Map.copyOf(columns), List.copyOf(retained),
                List.copyOf(ended), kept, untouched);
    }

    /**
     * The rule has ended for this order: a purpose it governs is erased and none it governs is kept (e.g. billing's
     * {@code accounting-ten-years} at the end of its ten years).
     */
    private static boolean ruleEnded(RetentionPolicy policy, String rule, ErasureScope scope) {
        List<String> governed = policy.purposes().stream().filter(p -> rule.equals(p.rule()))
                .map(RetentionPolicy.Purpose::code).toList();
        return governed.stream().anyMatch(scope.purposes()::contains) && governed.stream().noneMatch(scope.keptPurposes()::contains);
    }

    /** The order changes this table (its rows go, or some columns). */
    boolean acts(String table) {
        return deleting.contains(table) || columns.containsKey(table);
    }

    boolean deletesRows(String table) {
        return deleting.contains(table);
    }

    List<ColumnAction> columns(String table) {
        return columns.getOrDefault(table, List.of());
    }

    /** The tables whose rows of the subject the evidence counts: retained columns' and kept tables'. */
    Set<String> counted() {
        Set<String> counted = new LinkedHashSet<>();
        retained.forEach(r -> counted.add(r.table()));
        counted.addAll(kept.keySet());
        return counted;
    }
}
