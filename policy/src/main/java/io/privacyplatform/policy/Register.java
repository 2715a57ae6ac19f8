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
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;


/**
 * The register of processing (GDPR Art. 30) and the facts Art. 13-15 make the company tell a data subject, loaded from
 * {@code policy/register.yaml} plus the purposes and retention rules of {@code policy/retention-policy.yaml}: the
 * register shows exactly the rules retention-service enforces and those request-service's purge enforces on its own
 * records, and the registry of systems of
 * {@code policy/systems.yaml}: every place that holds personal data and the operations it takes part in. Immutable;
 * safe to serve as JSON as is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Register(String version, PolicyReference policy, Controller controller, Contact dataProtectionContact,
                       List<Purpose> purposes, List<RetentionRule> retentionRules, List<Item> dataCategories,
                       List<Item> sources, List<Recipient> recipients, List<Partner> partners, Hosting hosting,
                       Security security, Cookies cookies, Rights rights, String systemsVersion,
                       List<RegisteredSystem> systems) {

    public static final String REGISTER_FILE = "policy/register.yaml";
    public static final String RETENTION_POLICY_FILE = "policy/retention-policy.yaml";
    public static final String SYSTEMS_FILE = "policy/systems.yaml";

    public static final List<String> KINDS = List.of("service", "processor", "datastore", "custom");
    public static final List<String> OPERATIONS = List.of("erase", "rectify", "restrict", "export");
    public static final List<String> HOSTINGS = List.of("platform", "partner");
    /** The operations whose orders each expected system must confirm. */
    public static final List<String> CONFIRMED_OPERATIONS = List.of("erase", "rectify", "restrict");
    /** The services of this platform that confirm orders for the systems they reach. */
    public static final List<String> PLATFORM_SERVICES = List.of("consent-service", "retention-service", "partner-sync-service");

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

    /**
     * A retention rule as the policy states it and its holder enforces it; {@code period} is ISO-8601, or
     * {@code parameter} names a setting; counted from the latest of {@code anchors}. {@code heldBy} names the service
     * enforcing it on its own {@code records} (request-service's purge); absent, retention-service enforces it on the
     * inventory of the purposes naming it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RetentionRule(String code, String section, String summary, String legalReference, String period,
                                String parameter, String atExpiry, List<String> anchors, String heldBy,
                                List<String> records) {
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

    /**
     * A system that holds personal data: its {@code kind} (one of {@link #KINDS}), the team or service that owns it,
     * the register's data categories and purposes it holds, where it is hosted ({@link #HOSTINGS}), and the
     * {@code operations} ({@link #OPERATIONS}) it takes part in today. A system no order reaches yet is
     * {@code connected: false} (true when the file does not say), takes part in nothing, and {@code supports} says what its description could do.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegisteredSystem(String name, String kind, String owner, List<String> dataCategories,
                                   List<String> purposes, String hosting, Boolean connected, List<String> operations,
                                   List<String> supports, String confirmedBy) {

        public boolean takesPartIn(String operation) {
            return operations.contains(operation);
        }

        /** retention-service's own system: it keeps the inventory of every purpose, whatever purposes it lists. */
        public boolean keepsInventory() {
            return "service".equals(kind) && "retention-service".equals(owner);
        }

        /** A service of this platform answers for it on the shared confirmation topics (not a custom system). */
        public boolean confirmedByPlatform() {
            return PLATFORM_SERVICES.contains(confirmedBy);
        }
    }

    /** What systems.yaml holds; unknown keys are errors. */
    private record SystemsFile(String version, List<RegisteredSystem> systems) {
    }

    /** What register.yaml holds (everything but purposes and rules); unknown keys are errors. */
    private record RegisterFile(String version, Controller controller, Contact dataProtectionContact, List<Item> dataCategories,
                                List<Item> sources, List<Recipient> recipients, List<Partner> partners, Hosting hosting,
                                Security security, Cookies cookies, Rights rights) {
    }

    /** Loads both files from the classpath and checks that they agree; a broken register fails loudly. */
    public static Register load() {
        try (InputStream systems = resource(SYSTEMS_FILE)) {
            return load(systems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SYSTEMS_FILE, e);
        }
    }

    /**
     * As {@link #load()}, with the registry of systems read from {@code systemsYaml} (tests give broken ones, or one
     * with a system the real registry does not have).
     */
    public static Register load(InputStream systemsYaml) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RegisterFile register = read(yaml, REGISTER_FILE, RegisterFile.class);
        RetentionPolicy retention = readRetentionPolicy();

        List<RetentionRule> rules = retention.rules().stream().map(r -> new RetentionRule(r.code(), r.section(),
                r.summary(), r.legalReference(), r.period() == null ? null : r.period().toString(), r.parameter(),
                r.atExpiry().name(), r.anchors(), r.heldBy(), r.records())).toList();
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
        SystemsFile systemsFile = readSystems(yaml, systemsYaml);
        List<RegisteredSystem> registered = checkedSystems(systemsFile, register, retention);
        RetentionPolicy.PolicyDocument policy = retention.policy();
        return new Register(register.version(),
                new PolicyReference(policy.title(), policy.version(), policy.publishedOn(), policy.url(), retention.version()),
                register.controller(), register.dataProtectionContact(), purposes, rules,
                register.dataCategories(), register.sources(), register.recipients(), register.partners(), register.hosting(),
                register.security(), register.cookies(), register.rights(), systemsFile.version(), registered);
    }

    /**
     * The systems that must confirm an order of {@code operation} (one of {@link #CONFIRMED_OPERATIONS}), in registry
     * order: every connected system that takes part in it. This is the only source of an order's expected systems.
     */
    public List<String> expectedSystems(String operation) {
        if (!CONFIRMED_OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("no order confirms '" + operation + "'; known: " + CONFIRMED_OPERATIONS);
        }
        return systems.stream().filter(s -> s.connected() && s.takesPartIn(operation)).map(RegisteredSystem::name).toList();
    }

    /**
     * The systems an erasure of some purposes only concerns (a scoped order: {@code ErasureScope} of the contracts):
     * the connected systems taking part in erasures that hold data for one of {@code purposes}, plus retention-service's
     * own (it keeps the inventory of every purpose). A platform service or a datastore deletes per purpose, so it is
     * always named; a processor or a custom system erases whole objects, so it is named only when none of its purposes
     * is in {@code keptPurposes}, and otherwise left alone with the kept purposes that keep it. The only place this is
     * decided: every orderer of a scoped erasure uses it.
     */
    public ErasurePlan planErasure(java.util.Collection<String> purposes, java.util.Collection<String> keptPurposes) {
        List<String> concerned = new java.util.ArrayList<>();
        List<KeptSystem> kept = new java.util.ArrayList<>();
        for (RegisteredSystem system : systems) {
            if (!system.connected() || !system.takesPartIn("erase")) {
                continue;
            }
            if (!system.keepsInventory() && system.purposes().stream().noneMatch(purposes::contains)) {
                continue;
            }
            List<String> keeping = system.purposes().stream().filter(keptPurposes::contains).toList();
            if (erasesPerPurpose(system) || keeping.isEmpty()) {
                concerned.add(system.name());
            } else {
                kept.add(new KeptSystem(system.name(), keeping));
            }
        }
        return new ErasurePlan(List.copyOf(concerned), List.copyOf(kept));
    }

    /** Platform services and datastores (per manifest table) erase per purpose; processors and custom systems whole objects. */
    public static boolean erasesPerPurpose(RegisteredSystem system) {
        return "service".equals(system.kind()) || "datastore".equals(system.kind());
    }

    /**
     * A scoped erasure's systems: {@code systems} must each erase the data of the scope's purposes (the order's expected
     * systems); {@code kept} are left alone, each because of purposes still kept.
     */
    public record ErasurePlan(List<String> systems, List<KeptSystem> kept) {
    }

    /** A system a scoped erasure leaves alone, and the kept purposes that keep its data. */
    public record KeptSystem(String system, List<String> keptFor) {
    }

    /** The registered systems of one {@code kind} ({@link #KINDS}), in registry order. */
    public List<RegisteredSystem> systemsOfKind(String kind) {
        return systems.stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /** The registered system of that name, if any (a confirmation may name one that is not registered). */
    public java.util.Optional<RegisteredSystem> findSystem(String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public RegisteredSystem system(String name) {
        return systems.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no system " + name + " in " + SYSTEMS_FILE));
    }

    private static SystemsFile readSystems(ObjectMapper yaml, InputStream in) {
        SystemsFile file;
        try {
            file = yaml.readValue(in, SystemsFile.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(SYSTEMS_FILE + " is not readable: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SYSTEMS_FILE, e);
        }
        if (file == null || file.systems() == null || file.systems().isEmpty()) {
            throw new IllegalStateException(SYSTEMS_FILE + " lists no system");
        }
        return file;
    }

    /**
     * Every problem of the registry against the register and the retention policy, in one message; the systems with
     * their lists made immutable (an absent list is empty).
     */
    private static List<RegisteredSystem> checkedSystems(SystemsFile file, RegisterFile register, RetentionPolicy retention) {
        Set<String> categories = register.dataCategories().stream().map(Item::code).collect(Collectors.toSet());
        Set<String> purposes = retention.purposes().stream().map(RetentionPolicy.Purpose::code).collect(Collectors.toSet());
        Set<String> partners = register.partners().stream().map(Partner::system).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        if (file.version() == null || file.version().isBlank()) {
            problems.add("version is required");
        }
        Set<String> names = new HashSet<>();
        List<RegisteredSystem> systems = new ArrayList<>();
        for (RegisteredSystem raw : file.systems()) {
            RegisteredSystem system = new RegisteredSystem(raw.name(), raw.kind(), raw.owner(), listOf(raw.dataCategories()),
                    listOf(raw.purposes()), raw.hosting(), !Boolean.FALSE.equals(raw.connected()), listOf(raw.operations()),
                    raw.supports() == null ? null : List.copyOf(raw.supports()), raw.confirmedBy());
            String name = "system " + system.name();
            if (system.name() == null || !system.name().matches("[a-z0-9-]+")) {
                problems.add("a system needs a name of lower-case letters, digits and dashes");
                continue;
            }
            if (!names.add(system.name())) {
                problems.add(name + " is listed twice");
            }
            if (!KINDS.contains(system.kind())) {
                problems.add(name + ": unknown kind '" + system.kind() + "'; known: " + String.join(", ", KINDS));
            }
            if (system.owner() == null || system.owner().isBlank()) {
                problems.add(name + ": owner (a team or service) is required");
            }
            system.dataCategories().stream().filter(c -> !categories.contains(c)).forEach(c -> problems.add(name
                    + ": unknown data category '" + c + "'; " + REGISTER_FILE + " has: " + String.join(", ", sorted(categories))));
            if (system.purposes().isEmpty()) {
                problems.add(name + ": at least one purpose is required");
            }
            system.purposes().stream().filter(p -> !purposes.contains(p)).forEach(p -> problems.add(name
                    + ": unknown purpose '" + p + "'; " + RETENTION_POLICY_FILE + " has: " + retention.purposeCodes()));
            system.operations().stream().filter(o -> !OPERATIONS.contains(o)).forEach(o -> problems.add(name
                    + ": unknown operation '" + o + "'; known: " + String.join(", ", OPERATIONS)));
            Objects.requireNonNullElse(system.supports(), List.<String>of()).stream().filter(o -> !OPERATIONS.contains(o))
                    .forEach(o -> problems.add(name + ": unknown operation '" + o + "' in supports; known: "
                            + String.join(", ", OPERATIONS)));
            if (!system.connected() && !system.operations().isEmpty()) {
                problems.add(name + " is not connected: it cannot take part in " + String.join(", ", system.operations()));
            }
            if (!HOSTINGS.contains(system.hosting())) {
                problems.add(name + ": unknown hosting '" + system.hosting() + "'; known: " + String.join(", ", HOSTINGS));
            }
            boolean processor = "processor".equals(system.kind());
            if (processor && !partners.contains(system.name())) {
                problems.add(name + ": a processor must be a partner of " + REGISTER_FILE + " (partners: "
                        + String.join(", ", sorted(partners)) + ")");
            }
            if (processor != "partner".equals(system.hosting()) && HOSTINGS.contains(system.hosting())) {
                problems.add(name + ": hosting '" + system.hosting() + "' does not fit kind '" + system.kind()
                        + "' (a processor is hosted by its partner, every other system on the platform)");
            }
            boolean confirms = system.operations().stream().anyMatch(CONFIRMED_OPERATIONS::contains);
            if (confirms && (system.confirmedBy() == null || !system.confirmedBy().matches("[a-z0-9-]+"))) {
                problems.add(name + ": confirmedBy (the principal answering for it) is required when it takes part in "
                        + String.join(", ", CONFIRMED_OPERATIONS));
            } else if (system.confirmedBy() != null) {
                String expected = switch (system.kind()) {
                    case "processor" -> "partner-sync-service";
                    case "datastore" -> "retention-service";
                    default -> null;
                };
                if (expected != null && !expected.equals(system.confirmedBy())) {
                    problems.add(name + ": a " + system.kind() + " is confirmed by " + expected + ", not '"
                            + system.confirmedBy() + "'");
                }
                if ("service".equals(system.kind()) && !system.confirmedByPlatform()) {
                    problems.add(name + ": a service of this platform is confirmed by one of " + PLATFORM_SERVICES);
                }
                if ("custom".equals(system.kind()) && system.confirmedByPlatform()) {
                    problems.add(name + ": a custom system answers under its own principal, not a platform service's ('"
                            + system.confirmedBy() + "')");
                }
            }
            systems.add(system);
        }
        partners.stream().filter(p -> !names.contains(p)).sorted().forEach(p ->
                problems.add("partner " + p + " of " + REGISTER_FILE + " is not in " + SYSTEMS_FILE));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid " + SYSTEMS_FILE + ": " + String.join("; ", problems));
        }
        return List.copyOf(systems);
    }

    private static List<String> listOf(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    /**
     * The rules and purposes as written (a rule's parameter stays a name: the register shows no setting); request-service
     * enforces its own rules ({@code heldBy: request-service}) from the same reading.
     */
    public static RetentionPolicy readRetentionPolicy() {
        try (InputStream in = Register.class.getClassLoader().getResourceAsStream(RETENTION_POLICY_FILE)) {
            if (in == null) {
                throw new IllegalStateException(RETENTION_POLICY_FILE + " is not on the classpath");
            }
            return RetentionPolicy.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RETENTION_POLICY_FILE, e);
        }
    }

    private static InputStream resource(String resource) {
        InputStream in = Register.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException(resource + " is not on the classpath");
        }
        return in;
    }

    private static <T> T read(ObjectMapper yaml, String resource, Class<T> type) {
        try (InputStream in = resource(resource)) {
            return yaml.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
