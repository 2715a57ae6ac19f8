package io.privacyplatform.retention.datastore;

import io.privacyplatform.retention.datastore.Manifest.Action;
import io.privacyplatform.retention.datastore.Manifest.ColumnAction;
import io.privacyplatform.retention.datastore.Manifest.ColumnRef;
import io.privacyplatform.retention.datastore.Manifest.Located;
import io.privacyplatform.retention.datastore.Manifest.Restriction;
import io.privacyplatform.retention.datastore.Manifest.Retention;
import io.privacyplatform.retention.datastore.Manifest.Table;
import io.privacyplatform.retention.datastore.ManifestException.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a manifest with SnakeYAML's node API, which keeps the line of every element. Unknown keys and malformed
 * values are problems too (a misspelt key must not silently drop an action); all of them are reported at once.
 */
public final class ManifestReader {

    private static final Set<String> TOP_KEYS = Set.of("datastore", "schema", "tables", "rectification", "restriction", "contact");
    private static final Set<String> TABLE_KEYS = Set.of("subject-column", "parent", "via", "erase", "export", "purposes");

    private final String source;
    private final List<Problem> problems = new ArrayList<>();

    private ManifestReader(String source) {
        this.source = source;
    }

    /** @throws ManifestException naming {@code source} and the line of every problem */
    public static Manifest read(String source, String yaml) {
        return new ManifestReader(source).read(yaml);
    }

    private Manifest read(String yaml) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            throw new ManifestException(List.of(new Problem(source, e.getProblemMark().getLine() + 1,
                    "not valid YAML: " + e.getProblem())));
        }
        if (!(root instanceof MappingNode top)) {
            throw new ManifestException(List.of(new Problem(source, 1, "a manifest is a YAML mapping (datastore, tables, ...)")));
        }
        Map<String, NodeTuple> entries = entries(top, TOP_KEYS);
        String name = scalar(entries.get("datastore"), top, "datastore");
        String schema = entries.containsKey("schema") ? scalar(entries.get("schema"), top, "schema") : "public";
        Map<String, Table> tables = new LinkedHashMap<>();
        int tablesLine = line(top);
        NodeTuple tablesTuple = entries.get("tables");
        if (tablesTuple == null) {
            problem(top, "no tables:");
        } else {
            tablesLine = line(tablesTuple.getKeyNode());
            if (tablesTuple.getValueNode() instanceof MappingNode tablesNode) {
                for (NodeTuple table : tablesNode.getValue()) {
                    String tableName = key(table);
                    tables.put(tableName, table(tableName, table));
                }
            } else {
                problem(tablesTuple.getValueNode(), "tables: is a mapping of table names");
            }
        }
        Map<PersonalField, ColumnRef> rectification = new EnumMap<>(PersonalField.class);
        NodeTuple rect = entries.get("rectification");
        if (rect != null) {
            for (NodeTuple field : mapping(rect.getValueNode(), "rectification")) {
                Optional<PersonalField> personalField = PersonalField.byYaml(key(field));
                if (personalField.isEmpty()) {
                    problem(field.getKeyNode(), "unknown rectification field '" + key(field) + "' (first-name, last-name, email, phone)");
                } else {
                    columnRef(field.getValueNode()).ifPresent(ref -> rectification.put(personalField.get(), ref));
                }
            }
        }
        Optional<Restriction> restriction = Optional.ofNullable(entries.get("restriction")).map(this::restriction);
        Optional<ColumnRef> contactEmail = Optional.empty();
        NodeTuple contact = entries.get("contact");
        if (contact != null) {
            for (NodeTuple field : mapping(contact.getValueNode(), "contact")) {
                if ("email".equals(key(field))) {
                    contactEmail = columnRef(field.getValueNode());
                } else {
                    problem(field.getKeyNode(), "unknown contact field '" + key(field) + "' (email)");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new Manifest(source, name, schema, tables, tablesLine, rectification, restriction, contactEmail);
    }

    private Table table(String name, NodeTuple tuple) {
        Node node = tuple.getValueNode();
        Map<String, NodeTuple> entries = node instanceof MappingNode m ? entries(m, TABLE_KEYS) : Map.of();
        if (!(node instanceof MappingNode)) {
            problem(node, "table " + name + ": a mapping (subject-column or parent and via, erase, export)");
        }
        Optional<String> subjectColumn = optionalScalar(entries.get("subject-column"));
        Optional<String> parent = optionalScalar(entries.get("parent"));
        Optional<String> via = optionalScalar(entries.get("via"));
        int reachLine = line(tuple.getKeyNode());
        for (String key : List.of("subject-column", "parent", "via")) {
            if (entries.containsKey(key)) {
                reachLine = line(entries.get(key).getKeyNode());
                break;
            }
        }
        boolean deleteRow = false;
        int eraseLine = line(tuple.getKeyNode());
        Map<String, ColumnAction> columns = new LinkedHashMap<>();
        NodeTuple erase = entries.get("erase");
        if (erase == null) {
            problem(tuple.getKeyNode(), "table " + name + " has no erase: (delete-row, or an action per column)");
        } else {
            eraseLine = line(erase.getKeyNode());
            Node value = erase.getValueNode();
            if (value instanceof ScalarNode s && Action.DELETE_ROW.yaml.equals(s.getValue())) {
                deleteRow = true;
            } else if (value instanceof MappingNode m) {
                for (NodeTuple column : m.getValue()) {
                    columnAction(name, column).ifPresent(a -> columns.put(a.column(), a));
                }
            } else {
                problem(value, "erase: of table " + name + " is delete-row or a mapping of column actions");
            }
        }
        List<Located> export = names(entries.get("export"), "export", "column names");
        List<Located> purposes = names(entries.get("purposes"), "purposes", "purpose codes of the retention policy");
        if (entries.containsKey("purposes") && purposes.isEmpty()) {
            problem(entries.get("purposes").getValueNode(), "table " + name
                    + ": purposes: lists at least one purpose (leave it out to inherit the parent's)");
        }
        return new Table(name, line(tuple.getKeyNode()), subjectColumn, parent, via, reachLine, deleteRow, eraseLine,
                columns, export, purposes);
    }

    /** A list of names ({@code export: [...]}, {@code purposes: [...]}), each with its line; empty when absent. */
    private List<Located> names(NodeTuple tuple, String key, String what) {
        List<Located> names = new ArrayList<>();
        if (tuple == null) {
            return names;
        }
        if (tuple.getValueNode() instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s) {
                    names.add(new Located(s.getValue(), line(s)));
                } else {
                    problem(item, key + ": lists " + what);
                }
            }
        } else {
            problem(tuple.getValueNode(), key + ": is a list of " + what);
        }
        return names;
    }

    private Optional<ColumnAction> columnAction(String table, NodeTuple tuple) {
        String column = key(tuple);
        Node value = tuple.getValueNode();
        int line = line(tuple.getKeyNode());
        if (value instanceof ScalarNode s) {
            for (Action action : Action.values()) {
                if (action.yaml.equals(s.getValue())) {
                    if (action == Action.MASK) {
                        problem(value, table + "." + column + ": mask needs its replacement (mask: \"[erased]\")");
                        return Optional.empty();
                    }
                    if (action == Action.RETAIN) {
                        problem(value, table + "." + column + ": retain without a legal basis (retain: {legal-basis: ..., rule: ...})");
                        return Optional.empty();
                    }
                    return Optional.of(new ColumnAction(column, line, action, Optional.empty(), Optional.empty()));
                }
            }
            problem(value, table + "." + column + ": unknown action '" + s.getValue() + "' (delete-row, null, mask, hash, retain, keep)");
            return Optional.empty();
        }
        if (value instanceof MappingNode m && m.getValue().size() == 1) {
            NodeTuple only = m.getValue().get(0);
            switch (key(only)) {
                case "mask" -> {
                    if (only.getValueNode() instanceof ScalarNode s) {
                        return Optional.of(new ColumnAction(column, line, Action.MASK, Optional.of(s.getValue()), Optional.empty()));
                    }
                    problem(only.getValueNode(), table + "." + column + ": mask: takes the replacement text");
                    return Optional.empty();
                }
                case "retain" -> {
                    return retention(table + "." + column, only.getValueNode())
                            .map(r -> new ColumnAction(column, line, Action.RETAIN, Optional.empty(), Optional.of(r)));
                }
                default -> {
                }
            }
        }
        problem(value, table + "." + column + ": an action is delete-row, null, hash, keep, {mask: text} or {retain: {legal-basis, rule, then}}");
        return Optional.empty();
    }

    private Optional<Retention> retention(String what, Node node) {
        Map<String, NodeTuple> entries = node instanceof MappingNode m ? entries(m, Set.of("legal-basis", "rule", "then")) : Map.of();
        Optional<String> legalBasis = optionalScalar(entries.get("legal-basis")).filter(s -> !s.isBlank());
        Optional<String> rule = optionalScalar(entries.get("rule")).filter(s -> !s.isBlank());
        if (legalBasis.isEmpty()) {
            problem(node, what + ": retain without a legal basis (legal-basis:)");
        }
        if (rule.isEmpty()) {
            problem(node, what + ": retain without a retention rule (rule:)");
        }
        NodeTuple then = entries.get("then");
        int thenLine = then == null ? line(node) : line(then.getKeyNode());
        Optional<ColumnAction> ended = then == null
                ? Optional.of(new ColumnAction("", thenLine, Action.NULL, Optional.empty(), Optional.empty()))
                : thenAction(what, then.getValueNode(), thenLine);
        return legalBasis.isPresent() && rule.isPresent() && ended.isPresent()
                ? Optional.of(new Retention(legalBasis.get(), rule.get(), thenLine, ended.get().action(), ended.get().mask()))
                : Optional.empty();
    }

    /** What a retained column becomes when its rule has ended: null (the default), hash, delete-row or {mask: text}. */
    private Optional<ColumnAction> thenAction(String what, Node node, int line) {
        if (node instanceof ScalarNode s) {
            for (Action action : List.of(Action.NULL, Action.HASH, Action.DELETE_ROW)) {
                if (action.yaml.equals(s.getValue())) {
                    return Optional.of(new ColumnAction("", line, action, Optional.empty(), Optional.empty()));
                }
            }
        } else if (node instanceof MappingNode m && m.getValue().size() == 1 && "mask".equals(key(m.getValue().get(0)))
                && m.getValue().get(0).getValueNode() instanceof ScalarNode mask) {
            return Optional.of(new ColumnAction("", line, Action.MASK, Optional.of(mask.getValue()), Optional.empty()));
        }
        problem(node, what + ": then: is what the column becomes when its rule has ended: null, hash, delete-row or {mask: text}");
        return Optional.empty();
    }

    private Restriction restriction(NodeTuple tuple) {
        int line = line(tuple.getKeyNode());
        Map<String, NodeTuple> entries = tuple.getValueNode() instanceof MappingNode m
                ? entries(m, Set.of("column", "table", "subject-column")) : Map.of();
        Optional<ColumnRef> column = Optional.ofNullable(entries.get("column")).flatMap(t -> columnRef(t.getValueNode()));
        Optional<String> table = optionalScalar(entries.get("table"));
        Optional<String> subjectColumn = optionalScalar(entries.get("subject-column"));
        if (column.isPresent() == table.isPresent() || table.isPresent() != subjectColumn.isPresent()) {
            problem(tuple.getValueNode(), "restriction: is either column: table.column (a boolean set to true) "
                    + "or table: and subject-column: (a row per restricted subject)");
        }
        return new Restriction(line, column, table, subjectColumn);
    }

    private Optional<ColumnRef> columnRef(Node node) {
        if (node instanceof ScalarNode s) {
            String[] parts = s.getValue().split("\\.");
            if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
                return Optional.of(new ColumnRef(parts[0], parts[1], line(s)));
            }
        }
        problem(node, "expected table.column");
        return Optional.empty();
    }

    private Map<String, NodeTuple> entries(MappingNode node, Set<String> allowed) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            String key = key(tuple);
            if (!allowed.contains(key)) {
                problem(tuple.getKeyNode(), "unknown key '" + key + "' (expected one of " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else {
                entries.put(key, tuple);
            }
        }
        return entries;
    }

    private List<NodeTuple> mapping(Node node, String what) {
        if (node instanceof MappingNode m) {
            return m.getValue();
        }
        problem(node, what + ": is a mapping");
        return List.of();
    }

    private String scalar(NodeTuple tuple, Node parent, String key) {
        if (tuple == null) {
            problem(parent, "missing " + key + ":");
            return "";
        }
        return optionalScalar(tuple).orElse("");
    }

    private Optional<String> optionalScalar(NodeTuple tuple) {
        if (tuple == null) {
            return Optional.empty();
        }
        if (tuple.getValueNode() instanceof ScalarNode s) {
            return Optional.of(s.getValue());
        }
        problem(tuple.getValueNode(), key(tuple) + ": expects a single value");
        return Optional.empty();
    }

    private static String key(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private void problem(Node node, String message) {
        problems.add(new Problem(source, line(node), message));
    }
}
