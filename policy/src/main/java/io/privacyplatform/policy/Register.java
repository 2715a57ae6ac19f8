package io.privacyplatform.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The register of processing (GDPR Art. 30) and the facts Art. 13-15 make the company tell a data subject, loaded from
 * {@code policy/register.yaml} plus the purposes and retention rules of {@code policy/retention-policy.yaml}: the
 * register shows exactly the rules retention-service enforces. Immutable; safe to serve as JSON as is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Register(String version, PolicyReference policy, Controller controller, Contact dataProtectionContact,
                       List<Purpose> purposes, List<RetentionRule> retentionRules, List<Item> dataCategories,
                       List<Item> sources, List<Recipient> recipients, List<Partner> partners, Hosting hosting,
                       Security security, Cookies cookies, Rights rights) {

    public static final String REGISTER_FILE = "policy/register.yaml";
    public static final String RETENTION_POLICY_FILE = "policy/retention-policy.yaml";

    public record PolicyReference(String title, String version, String publishedOn, String url, String rulesVersion) {
    }

    public record Controller(String name, String address, String registration, String section) {
    }

    public record Contact(String email, String section) {
    }

    /** A purpose of processing with its legal basis and the retention rule that applies. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Purpose(String code, String title, String section, String legalBasis, String legalBasisText,
                          String retentionRule, String retention) {
    }

    /** A retention rule as the policy states it; {@code period} is ISO-8601, or {@code parameter} names a setting. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RetentionRule(String code, String section, String summary, String legalReference, String period,
                                String parameter, String atExpiry) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String code, String title, String section) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Recipient(String code, String title, String section, Boolean anonymizedOnly) {
    }

    /** A technical partner of §6: who receives data, where, under which safeguard. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Partner(String system, String name, String role, String address, String country, String privacyPolicy,
                          boolean transferOutsideEu, String transferSafeguard, String section) {
    }

    public record Hosting(String provider, String website, String address, String dataLocation, String section) {
    }

    public record Security(String measures, String section) {
    }

    public record Cookies(boolean used, String section) {
    }

    public record Rights(String section, String howToExercise, List<String> list, String complaint) {
    }

    /** What register.yaml holds (everything but purposes and rules); unknown keys are errors. */
    private record RegisterFile(String version, Controller controller, Contact dataProtectionContact, List<Item> dataCategories,
                                List<Item> sources, List<Recipient> recipients, List<Partner> partners, Hosting hosting,
                                Security security, Cookies cookies, Rights rights) {
    }

    /** The parts of retention-policy.yaml the register shows; the rest is retention-service's business. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record RetentionFile(String version, PolicyFile policy, List<RetentionRule> rules, List<PurposeFile> purposes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record PolicyFile(String title, String version, String publishedOn, String url) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record PurposeFile(String code, String title, String section, String legalBasis, String legalBasisText, String rule) {
    }

    /** Loads both files from the classpath and checks that they agree; a broken register fails loudly. */
    public static Register load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RegisterFile register = read(yaml, REGISTER_FILE, RegisterFile.class);
        RetentionFile retention = read(yaml, RETENTION_POLICY_FILE, RetentionFile.class);

        Map<String, RetentionRule> rules = retention.rules().stream()
                .collect(Collectors.toMap(RetentionRule::code, Function.identity(), (a, b) -> {
                    throw new IllegalStateException("duplicate retention rule " + a.code());
                }));
        List<Purpose> purposes = new ArrayList<>();
        for (PurposeFile p : retention.purposes()) {
            RetentionRule rule = rules.get(p.rule());
            if (rule == null) {
                throw new IllegalStateException("purpose " + p.code() + " names an unknown retention rule " + p.rule());
            }
            purposes.add(new Purpose(p.code(), p.title(), p.section(), p.legalBasis(), p.legalBasisText(), rule.code(), rule.summary()));
        }
        Set<String> systems = register.partners().stream().map(Partner::system).collect(Collectors.toSet());
        if (systems.size() != register.partners().size()) {
            throw new IllegalStateException("a partner is listed twice in " + REGISTER_FILE);
        }
        for (Partner partner : register.partners()) {
            if (partner.transferOutsideEu() && (partner.transferSafeguard() == null || partner.transferSafeguard().isBlank())) {
                throw new IllegalStateException("partner " + partner.system() + " receives data outside the EU without a stated safeguard");
            }
        }
        PolicyFile policy = retention.policy();
        return new Register(register.version(),
                new PolicyReference(policy.title(), policy.version(), policy.publishedOn(), policy.url(), retention.version()),
                register.controller(), register.dataProtectionContact(), List.copyOf(purposes), List.copyOf(retention.rules()),
                register.dataCategories(), register.sources(), register.recipients(), register.partners(), register.hosting(),
                register.security(), register.cookies(), register.rights());
    }

    private static <T> T read(ObjectMapper yaml, String resource, Class<T> type) {
        try (InputStream in = Register.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return yaml.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
