package io.privacyplatform.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The retention policy as loaded from {@code retention-policy.yaml}: rules (policy §4 and §8) and the purposes
 * they apply to (§5 and the processing §4, §8 and §11 name), validated. The one schema of that file: retention-service
 * loads it with the parameters resolved ({@link #load}), the register reads it as written ({@link #read}). Plain Java
 * (no CDI) so that the benchmark and unit tests load it the way the service does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RetentionPolicy(String version, PolicyDocument policy, List<Rule> rules, List<Purpose> purposes) {

    /** The eight purposes of policy §5: the file must list each of them. */
    public static final List<String> SECTION_5_PURPOSES = List.of("account-registration", "subscription-orders",
            "service-provision", "billing", "collections-and-disputes", "customer-inquiries", "commercial-statistics",
            "data-subject-rights");

    public enum Anchor {
        COLLECTED_AT("collected-at"),
        LAST_ACTIVITY("last-activity"),
        CONTRACT_END("contract-end"),
        OFFER_END("offer-end");

        private final String code;

        Anchor(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Optional<Anchor> fromCode(String code) {
            return byCode(values(), Anchor::code, code);
        }
    }

    /** A holder of its own records a rule may name ({@code heldBy}), besides retention-service's inventory. */
    public static final String REQUEST_SERVICE = "request-service";

    /** retention-service, for its own records beside the inventory (the erasure orders it placed and their answers). */
    public static final String RETENTION_SERVICE = "retention-service";

    /** Every service of the platform, for a record each one holds alike (the access journal of policy §10). */
    public static final String EVERY_SERVICE = "every-service";

    /** The access journal's record code: its rule ({@code heldBy: every-service}) gives the journal's period. */
    public static final String ACCESS_JOURNAL_RECORD = "access-journal";

    /** Every holder a rule may name. */
    public static final List<String> HOLDERS = List.of(REQUEST_SERVICE, RETENTION_SERVICE, EVERY_SERVICE);

    /**
     * The anchors of request-service's own records (rules {@code heldBy: request-service}): what starts their clock.
     * request-service's purge maps each to a column of its own tables.
     */
    public enum RecordAnchor {
        /** A request's closing (completed, partially completed, rejected or withdrawn). */
        REQUEST_CLOSED("request-closed"),
        /** The expiry of an export's download link (a document no link was asked for: as if one was at ready time). */
        EXPORT_LINK_EXPIRED("export-link-expired"),
        /** The end of the one-time code's time to live of an email filing. */
        FILING_CODE_EXPIRED("filing-code-expired"),
        /** Post-mortem directives executed (an heir's request completed on them) or revoked. */
        DIRECTIVE_ENDED("directive-ended"),
        /** An erasure order retention-service placed was confirmed by every expected system. */
        ERASURE_ORDER_COMPLETED("erasure-order-completed"),
        /** An access journal entry was written (the read or decision it records). */
        JOURNALED("journaled");

        private final String code;

        RecordAnchor(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static Optional<RecordAnchor> fromCode(String code) {
            return byCode(values(), RecordAnchor::code, code);
        }
    }

    private static <A> Optional<A> byCode(A[] anchors, java.util.function.Function<A, String> codeOf, String code) {
        return java.util.Arrays.stream(anchors).filter(a -> codeOf.apply(a).equals(code)).findFirst();
    }

    public enum AtExpiry { DELETE, ANONYMIZE }

    public enum LegalBasis { CONTRACT, LEGITIMATE_INTEREST, CONSENT, LEGAL_OBLIGATION }

    public record PolicyDocument(String title, String version, String publishedOn, String url) {
    }

    /**
     * One retention rule. {@code period} is either written in the file or resolved from {@code parameter}. A rule
     * without {@code heldBy} applies to retention-service's inventory entries of the purposes naming it; a rule
     * {@code heldBy: request-service} applies to that service's own {@code records} (its anchors are
     * {@link RecordAnchor}s, its period is written in the file, and no purpose names it).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(String code, String section, String text, String summary, String legalReference,
                       List<String> anchors, Period period, String parameter, Boolean endsOnWithdrawal,
                       AtExpiry atExpiry, Boolean keptOnErasure, String heldBy, List<String> records) {

        /** Kept by retention-service's inventory (the rule of one or more purposes), not by another service. */
        public boolean inventoryRule() {
            return heldBy == null;
        }

        public boolean heldBy(String holder) {
            return holder.equals(heldBy);
        }

        /** The anchors of a rule {@code heldBy} a service. */
        @JsonIgnore
        public List<RecordAnchor> recordAnchorList() {
            return anchors.stream().map(a -> RecordAnchor.fromCode(a).orElseThrow()).toList();
        }

        public boolean withdrawalEnds() {
            return Boolean.TRUE.equals(endsOnWithdrawal);
        }

        public boolean keptWhenErased() {
            return Boolean.TRUE.equals(keptOnErasure);
        }

        @JsonIgnore
        public List<Anchor> anchorList() {
            return anchors.stream().map(a -> Anchor.fromCode(a).orElseThrow()).toList();
        }

        /**
         * The expiry in UTC calendar arithmetic (as retention-service's SQL computes it); null when no anchor is
         * known.
         */
        public Instant expiry(Map<Anchor, Instant> values, Instant withdrawnAt) {
            if (withdrawalEnds() && withdrawnAt != null) {
                return withdrawnAt;
            }
            Instant latest = latestAnchor(values).map(Map.Entry::getValue).orElse(null);
            return latest == null ? null : latest.atOffset(ZoneOffset.UTC).plus(period).toInstant();
        }

        /** The anchor that starts the clock: the latest known one. */
        public Optional<Map.Entry<Anchor, Instant>> latestAnchor(Map<Anchor, Instant> values) {
            Map.Entry<Anchor, Instant> latest = null;
            for (Anchor anchor : anchorList()) {
                Instant value = values.get(anchor);
                if (value != null && (latest == null || value.isAfter(latest.getValue()))) {
                    latest = Map.entry(anchor, value);
                }
            }
            return Optional.ofNullable(latest);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Purpose(String code, String title, String section, LegalBasis legalBasis, String legalBasisText,
                          String rule, String consentPurpose, Boolean connectionLogs) {
    }

    // ------------------------------------------------------------------------------------------------------------

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .findAndAddModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Reads and validates a policy file; a rule's {@code parameter} takes its value from {@code parameters}.
     *
     * @throws InvalidPolicyException listing every problem found
     */
    public static RetentionPolicy load(InputStream yaml, Map<String, Period> parameters) {
        return parse(yaml).validated(Objects.requireNonNull(parameters));
    }

    /**
     * Reads and validates a policy file as written: a rule with a {@code parameter} keeps a null {@code period}.
     *
     * @throws InvalidPolicyException listing every problem found
     */
    public static RetentionPolicy read(InputStream yaml) {
        return parse(yaml).validated(null);
    }

    private static RetentionPolicy parse(InputStream yaml) {
        RetentionPolicy raw;
        try {
            raw = YAML.readValue(yaml, RetentionPolicy.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidPolicyException(List.of("not a readable policy file: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidPolicyException(List.of("the policy file cannot be read: " + e.getMessage()));
        }
        if (raw == null) {
            throw new InvalidPolicyException(List.of("the policy file is empty"));
        }
        return raw;
    }

    /** @param parameters the values of the rules' parameters, or null to leave them unresolved */
    private RetentionPolicy validated(Map<String, Period> parameters) {
        List<String> problems = new ArrayList<>();
        if (version == null || version.isBlank()) {
            problems.add("version is required");
        }
        if (policy == null || policy.version() == null) {
            problems.add("policy.version (the published policy's version) is required");
        }
        List<Rule> resolved = new ArrayList<>();
        Set<String> ruleCodes = new HashSet<>();
        for (Rule rule : Objects.requireNonNullElse(rules, List.<Rule>of())) {
            String name = "rule " + rule.code();
            if (rule.code() == null || !rule.code().matches("[a-z0-9-]+")) {
                problems.add("a rule needs a code of lower-case letters, digits and dashes");
                continue;
            }
            if (!ruleCodes.add(rule.code())) {
                problems.add(name + " is defined twice");
            }
            if (rule.section() == null || rule.text() == null || rule.summary() == null) {
                problems.add(name + ": section, text and summary are required");
            }
            if (rule.anchors() == null || rule.anchors().isEmpty()) {
                problems.add(name + ": anchors are required");
            } else if (rule.inventoryRule()) {
                rule.anchors().stream().filter(a -> Anchor.fromCode(a).isEmpty()).forEach(a ->
                        problems.add(name + ": unknown anchor '" + a + "'"));
            } else {
                rule.anchors().stream().filter(a -> RecordAnchor.fromCode(a).isEmpty()).forEach(a ->
                        problems.add(name + ": unknown anchor '" + a + "' of " + rule.heldBy() + "'s records"));
            }
            problems.addAll(heldRuleProblems(name, rule));
            if (rule.atExpiry() == null) {
                problems.add(name + ": atExpiry (DELETE or ANONYMIZE) is required");
            }
            Period period = rule.period();
            if ((period == null) == (rule.parameter() == null)) {
                problems.add(name + ": exactly one of period and parameter is required");
            } else if (rule.parameter() != null && parameters != null) {
                period = parameters.get(rule.parameter());
                if (period == null) {
                    problems.add(name + ": unknown parameter '" + rule.parameter() + "'; known: " + parameters.keySet());
                }
            }
            if (period != null && period.isNegative()) {
                problems.add(name + ": the period cannot be negative");
            }
            resolved.add(new Rule(rule.code(), rule.section(), rule.text(), rule.summary(), rule.legalReference(),
                    rule.anchors(), period, rule.parameter(), rule.endsOnWithdrawal(), rule.atExpiry(), rule.keptOnErasure(),
                    rule.heldBy(), rule.records() == null ? null : List.copyOf(rule.records())));
        }
        Set<String> purposeCodes = new HashSet<>();
        int connectionLogPurposes = 0;
        for (Purpose purpose : Objects.requireNonNullElse(purposes, List.<Purpose>of())) {
            String name = "purpose " + purpose.code();
            if (purpose.code() == null || !purpose.code().matches("[a-z0-9-]+")) {
                problems.add("a purpose needs a code of lower-case letters, digits and dashes");
                continue;
            }
            if (!purposeCodes.add(purpose.code())) {
                problems.add(name + " is defined twice");
            }
            if (purpose.title() == null || purpose.section() == null || purpose.legalBasis() == null
                    || purpose.legalBasisText() == null) {
                problems.add(name + ": title, section, legalBasis and legalBasisText are required");
            }
            if (!ruleCodes.contains(purpose.rule())) {
                problems.add(name + ": unknown rule '" + purpose.rule() + "'");
            } else if (resolved.stream().anyMatch(r -> r.code().equals(purpose.rule()) && !r.inventoryRule())) {
                problems.add(name + ": rule '" + purpose.rule() + "' is held by " + rule(resolved, purpose.rule()).heldBy()
                        + ", not by the inventory of a purpose");
            }
            if (Boolean.TRUE.equals(purpose.connectionLogs())) {
                connectionLogPurposes++;
            }
        }
        SECTION_5_PURPOSES.stream().filter(p -> !purposeCodes.contains(p)).forEach(p ->
                problems.add("purpose " + p + " of policy section 5 is missing"));
        if (connectionLogPurposes != 1) {
            problems.add("exactly one purpose must hold the connection logs (connectionLogs: true)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(problems);
        }
        return new RetentionPolicy(version, policy, List.copyOf(resolved), List.copyOf(purposes));
    }

    /**
     * What only a rule {@code heldBy} a service may say, and must: which of its records it covers; its period is
     * written (the service reads no parameter), and nothing about withdrawals or erasure orders applies to it.
     */
    private static List<String> heldRuleProblems(String name, Rule rule) {
        List<String> problems = new ArrayList<>();
        if (rule.inventoryRule()) {
            if (rule.records() != null) {
                problems.add(name + ": records are named only by a rule heldBy a service");
            }
            return problems;
        }
        if (!HOLDERS.contains(rule.heldBy())) {
            problems.add(name + ": unknown holder '" + rule.heldBy() + "'; known: " + String.join(", ", HOLDERS));
        }
        if (rule.records() == null || rule.records().isEmpty() || rule.records().stream().anyMatch(
                r -> r == null || !r.matches("[a-z0-9-]+"))) {
            problems.add(name + ": records (codes of lower-case letters, digits and dashes) are required");
        }
        if (rule.parameter() != null) {
            problems.add(name + ": a rule heldBy a service has a written period, not a parameter");
        }
        if (rule.endsOnWithdrawal() != null || rule.keptOnErasure() != null) {
            problems.add(name + ": endsOnWithdrawal and keptOnErasure apply to inventory rules only");
        }
        if (rule.atExpiry() == AtExpiry.ANONYMIZE) {
            problems.add(name + ": a rule heldBy a service deletes at expiry");
        }
        return problems;
    }

    private static Rule rule(List<Rule> rules, String code) {
        return rules.stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * How long every service keeps its access journal: the period of the rule {@code heldBy: every-service} covering
     * the record {@code access-journal}.
     *
     * @throws IllegalStateException if no rule covers it
     */
    @JsonIgnore
    public Period accessJournalPeriod() {
        return rulesHeldBy(EVERY_SERVICE).stream()
                .filter(r -> r.records().contains(ACCESS_JOURNAL_RECORD))
                .map(Rule::period).findFirst()
                .orElseThrow(() -> new IllegalStateException("no rule heldBy " + EVERY_SERVICE + " covers the record "
                        + ACCESS_JOURNAL_RECORD));
    }

    /** The rules a service other than retention-service enforces on its own records, in file order. */
    @JsonIgnore
    public List<Rule> rulesHeldBy(String holder) {
        return rules.stream().filter(r -> r.heldBy(holder)).toList();
    }

    public Optional<Purpose> purpose(String code) {
        return purposes.stream().filter(p -> p.code().equals(code)).findFirst();
    }

    public Rule rule(String code) {
        return rules.stream().filter(r -> r.code().equals(code)).findFirst().orElseThrow();
    }

    public Rule ruleOf(Purpose purpose) {
        return rule(purpose.rule());
    }

    public Optional<Purpose> ofConsentPurpose(String consentPurpose) {
        return purposes.stream().filter(p -> consentPurpose.equals(p.consentPurpose())).findFirst();
    }

    @JsonIgnore
    public Purpose connectionLogPurpose() {
        return purposes.stream().filter(p -> Boolean.TRUE.equals(p.connectionLogs())).findFirst().orElseThrow();
    }

    @JsonIgnore
    public String purposeCodes() {
        return purposes.stream().map(Purpose::code).collect(Collectors.joining(", "));
    }

    /** Purposes whose rule anonymizes at expiry: counted in the monthly aggregates before deletion. */
    @JsonIgnore
    public List<String> anonymizedPurposes() {
        return purposes.stream().filter(p -> ruleOf(p).atExpiry() == AtExpiry.ANONYMIZE).map(Purpose::code).toList();
    }

    /** Resolved periods by rule, for display. */
    @JsonIgnore
    public Map<String, Period> periods() {
        Map<String, Period> periods = new LinkedHashMap<>();
        rules.forEach(r -> periods.put(r.code(), r.period()));
        return periods;
    }

    /** A policy file that cannot be used: the service does not start with it. */
    public static class InvalidPolicyException extends RuntimeException {

        private final List<String> problems;

        public InvalidPolicyException(List<String> problems) {
            super("invalid retention policy: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
