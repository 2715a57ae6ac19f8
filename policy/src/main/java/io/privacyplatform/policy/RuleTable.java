package io.privacyplatform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The table of every rule of {@code retention-policy.yaml} as Markdown (purposes, the clocks it starts from, period,
 * what happens at the end, legal basis), for the README of retention-service, where a test keeps it equal to the file.
 * Reads the file as a plain YAML tree, not through {@link RetentionPolicy}'s schema: a rule with an anchor, a field or
 * a value this class does not know is still listed, showing them as written.
 */
public final class RuleTable {

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()).build();
    private static final Set<String> SHOWN_RULE_FIELDS = Set.of("code", "section", "text", "summary", "legalReference",
            "anchors", "period", "parameter", "endsOnWithdrawal", "atExpiry", "keptOnErasure");
    private static final Set<String> SHOWN_PURPOSE_FIELDS = Set.of("code", "title", "section", "legalBasis",
            "legalBasisText", "rule", "consentPurpose", "connectionLogs");
    private static final Map<String, String> LEGAL_BASES = Map.of(
            "CONSENT", "consent, GDPR Art. 6(1)(a)",
            "CONTRACT", "contract, GDPR Art. 6(1)(b)",
            "LEGAL_OBLIGATION", "legal obligation, GDPR Art. 6(1)(c)",
            "LEGITIMATE_INTEREST", "legitimate interest, GDPR Art. 6(1)(f)");
    private static final Map<String, String> AT_EXPIRY = Map.of(
            "DELETE", "delete",
            "ANONYMIZE", "anonymize: counted in the monthly aggregates per purpose (no id), then deleted");

    private RuleTable() {
    }

    /**
     * @param policyFile        the policy file
     * @param parameterDefaults the default of each parameter a rule may name (e.g. {@code marketing-inactivity} =
     *                          {@code P3Y}); a parameter without one is shown by name only
     */
    public static String markdown(InputStream policyFile, Map<String, String> parameterDefaults) {
        JsonNode policy;
        try {
            policy = YAML.readTree(policyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("the policy file cannot be read", e);
        }
        StringBuilder table = new StringBuilder("""
                | rule | policy | purposes | clock starts at the latest of | period | at the end | legal basis |
                |---|---|---|---|---|---|---|
                """);
        for (JsonNode rule : policy.path("rules")) {
            String code = rule.path("code").asText();
            List<JsonNode> purposes = new ArrayList<>();
            policy.path("purposes").forEach(p -> {
                if (code.equals(p.path("rule").asText())) {
                    purposes.add(p);
                }
            });
            table.append("| `").append(code).append("` | ")
                    .append(cell(join(": ", rule.path("section").asText(""), rule.path("summary").asText("")))).append(" | ")
                    .append(cell(purposes(purposes))).append(" | ")
                    .append(cell(anchors(rule))).append(" | ")
                    .append(cell(period(rule, parameterDefaults))).append(" | ")
                    .append(cell(atTheEnd(rule, purposes))).append(" | ")
                    .append(cell(legalBasis(rule, purposes))).append(" |\n");
        }
        return table.toString();
    }

    private static String purposes(List<JsonNode> purposes) {
        if (purposes.isEmpty()) {
            return "(none: kept by the service named in the rule)";
        }
        StringJoiner out = new StringJoiner("; ");
        for (JsonNode purpose : purposes) {
            StringBuilder one = new StringBuilder("`").append(purpose.path("code").asText()).append("`");
            List<String> notes = new ArrayList<>();
            if (purpose.hasNonNull("consentPurpose")) {
                notes.add("consent `" + purpose.get("consentPurpose").asText() + "`");
            }
            if (purpose.path("connectionLogs").asBoolean(false)) {
                notes.add("and each connection log");
            }
            notes.addAll(otherFields(purpose, SHOWN_PURPOSE_FIELDS));
            if (!notes.isEmpty()) {
                one.append(" (").append(String.join(", ", notes)).append(")");
            }
            out.add(one);
        }
        return out.toString();
    }

    private static String anchors(JsonNode rule) {
        StringJoiner anchors = new StringJoiner(", ");
        rule.path("anchors").forEach(a -> anchors.add("`" + a.asText() + "`"));
        String clocks = anchors.length() == 0 ? "(none)" : anchors.toString();
        return rule.path("endsOnWithdrawal").asBoolean(false) ? clocks + "; a withdrawal ends it at once" : clocks;
    }

    private static String period(JsonNode rule, Map<String, String> parameterDefaults) {
        if (rule.hasNonNull("period")) {
            return readable(rule.get("period").asText());
        }
        if (rule.hasNonNull("parameter")) {
            String parameter = rule.get("parameter").asText();
            String value = parameterDefaults.get(parameter);
            return "parameter `" + parameter + "`" + (value == null ? "" : ", by default " + readable(value));
        }
        return "(none)";
    }

    private static String atTheEnd(JsonNode rule, List<JsonNode> purposes) {
        String atExpiry = rule.path("atExpiry").asText("");
        List<String> parts = new ArrayList<>();
        parts.add(AT_EXPIRY.getOrDefault(atExpiry, atExpiry.isEmpty() ? "(not said)" : "`" + atExpiry + "`"));
        if (rule.path("keptOnErasure").asBoolean(false)) {
            parts.add("kept on an erasure order until then");
        }
        for (JsonNode purpose : purposes) {
            if (purpose.hasNonNull("consentPurpose")) {
                parts.add("the consent `" + purpose.get("consentPurpose").asText() + "` lapses (`consent-lapsed`): "
                        + "consent-service withdraws it with reason `LAPSED`");
            }
        }
        parts.addAll(otherFields(rule, SHOWN_RULE_FIELDS));
        return String.join("; ", parts);
    }

    private static String legalBasis(JsonNode rule, List<JsonNode> purposes) {
        Set<String> bases = new LinkedHashSet<>();
        purposes.forEach(p -> {
            String basis = p.path("legalBasis").asText("");
            if (!basis.isEmpty()) {
                bases.add(LEGAL_BASES.getOrDefault(basis, basis));
            }
        });
        if (rule.hasNonNull("legalReference")) {
            bases.add(rule.get("legalReference").asText());
        }
        return bases.isEmpty() ? "(not said)" : String.join("; ", bases);
    }

    /** Fields this table has no column for, as {@code `name`: value}. */
    private static List<String> otherFields(JsonNode node, Set<String> shown) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!shown.contains(field.getKey())) {
                out.add("`" + field.getKey() + "`: " + value(field.getValue()));
            }
        }
        return out;
    }

    private static String value(JsonNode value) {
        if (value.isArray()) {
            StringJoiner items = new StringJoiner(", ");
            value.forEach(v -> items.add(value(v)));
            return items.toString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** {@code P3Y} as "3 years (`P3Y`)"; a value that is no ISO-8601 period is shown as written. */
    static String readable(String period) {
        Period parsed;
        try {
            parsed = Period.parse(period);
        } catch (DateTimeParseException e) {
            return "`" + period + "`";
        }
        List<String> parts = new ArrayList<>();
        add(parts, parsed.getYears(), "year");
        add(parts, parsed.getMonths(), "month");
        add(parts, parsed.getDays(), "day");
        return (parts.isEmpty() ? "0" : String.join(" ", parts)) + " (`" + period + "`)";
    }

    private static void add(List<String> parts, int amount, String unit) {
        if (amount != 0) {
            parts.add(amount + " " + unit + (amount == 1 ? "" : "s"));
        }
    }

    private static String join(String separator, String first, String second) {
        return first.isEmpty() ? second : second.isEmpty() ? first : first + separator + second;
    }

    /** One Markdown cell: on one line, pipes escaped. */
    private static String cell(String text) {
        return text.replace("\r", "").replace("\n", " ").replace("|", "\\|").strip();
    }
}
