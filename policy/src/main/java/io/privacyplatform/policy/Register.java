package io.privacyplatform.policy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
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

    /** Loads both files from the classpath and checks that they agree; a broken register fails loudly. */
    public static Register load() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RegisterFile register = read(yaml, REGISTER_FILE, RegisterFile.class);
        RetentionPolicy retention = readRetentionPolicy();

        List<RetentionRule> rules = retention.rules().stream().map(r -> new RetentionRule(r.code(), r.section(),
                r.summary(), r.legalReference(), r.period() == null ? null : r.period().toString(), r.parameter(),
                r.atExpiry().name())).toList();
        List<Purpose> purposes = retention.purposes().stream().map(p -> new Purpose(p.code(), p.title(), p.section(),
                p.legalBasis().name(), p.legalBasisText(), p.rule(), retention.rule(p.rule()).summary())).toList();
        Set<String> systems = register.partners().stream().map(Partner::system).collect(Collectors.toSet());
        if (systems.size() != register.partners().size()) {
            throw new IllegalStateException("a partner is listed twice in " + REGISTER_FILE);
        }
        for (Partner partner : register.partners()) {
            if (partner.transferOutsideEu() && (partner.transferSafeguard() == null || partner.transferSafeguard().isBlank())) {
                throw new IllegalStateException("partner " + partner.system() + " receives data outside the EU without a stated safeguard");
            }
        }
        RetentionPolicy.PolicyDocument policy = retention.policy();
        return new Register(register.version(),
                new PolicyReference(policy.title(), policy.version(), policy.publishedOn(), policy.url(), retention.version()),
                register.controller(), register.dataProtectionContact(), purposes, rules,
                register.dataCategories(), register.sources(), register.recipients(), register.partners(), register.hosting(),
                register.security(), register.cookies(), register.rights());
    }

    /** The rules and purposes as written (a rule's parameter stays a name: the register shows no setting). */
    private static RetentionPolicy readRetentionPolicy() {
        try (InputStream in = Register.class.getClassLoader().getResourceAsStream(RETENTION_POLICY_FILE)) {
            if (in == null) {
                throw new IllegalStateException(RETENTION_POLICY_FILE + " is not on the classpath");
            }
            return RetentionPolicy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RETENTION_POLICY_FILE, e);
        }
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
