package io.privacyplatform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacyplatform.contracts.Events;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.privacyplatform.deploy.Manifests.SERVICES;
import static io.privacyplatform.deploy.Manifests.named;
import static io.privacyplatform.deploy.Manifests.ofKind;
import static io.privacyplatform.deploy.Manifests.overlay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each KafkaUser may write exactly the topics its service produces (plus its own dead-letter topic) and read
 * exactly those it consumes, with its consumer group. The expected table is the README's event table (the
 * documented contract between the teams), checked here against the code so that it cannot drift: its topics
 * must be contracts' {@code Events.topics()}, and every topic a service's application.properties consumes must be
 * listed for that service, and every consumer group it names must be granted. A custom system of the company
 * (deploy/k8s/examples/custom-system) reads the orders and writes only its own confirmation topics.
 */
class KafkaAclTest {

    private static final Pattern SERVICE = Pattern.compile("\\b([a-z]+(?:-[a-z]+)*-service)\\b");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z.-]+)`\\s*\\|[^|]*\\|([^|]*)\\|([^|]*)\\|\\s*$");

    /**
     * Consumer groups besides the service's own (group id = service name): retention-service's datastore consumers
     * read erasure-ordered beside its own erasure consumer (retention-service-datastores).
     */
    static final Map<String, Set<String>> MORE_GROUPS = Map.of(
            "retention-service", Set.of("retention-service-datastores", "retention-service-order-tracking",
                    "retention-service-confirmation-tracking"));

    /** The example custom system (deploy/k8s/examples/custom-system) and its own confirmation topics. */
    static final String CUSTOM_SYSTEM = "example-system";
    static final List<String> CUSTOM_TOPICS = List.of("erasure-confirmed." + CUSTOM_SYSTEM, "order-confirmed." + CUSTOM_SYSTEM);

    record Table(Map<String, Set<String>> produces, Map<String, Set<String>> consumes) {
    }

    static Table readmeTable() throws IOException {
        String readme = Files.readString(Manifests.ROOT.resolve("README.md"));
        String events = readme.substring(readme.indexOf("## Events"));
        events = events.substring(0, events.indexOf("\n## ", 5));
        Map<String, Set<String>> produces = new TreeMap<>();
        Map<String, Set<String>> consumes = new TreeMap<>();
        SERVICES.forEach(s -> {
            produces.put(s, new TreeSet<>());
            consumes.put(s, new TreeSet<>());
        });
        for (String line : events.lines().toList()) {
            Matcher row = ROW.matcher(line);
            if (!row.matches()) {
                continue;
            }
            String topic = row.group(1);
            services(row.group(2)).forEach(s -> produces.computeIfAbsent(s, k -> new TreeSet<>()).add(topic));
            services(row.group(3)).forEach(s -> consumes.computeIfAbsent(s, k -> new TreeSet<>()).add(topic));
        }
        return new Table(produces, consumes);
    }

    private static Set<String> services(String cell) {
        Set<String> out = new TreeSet<>();
        Matcher m = SERVICE.matcher(cell.replaceAll("`[^`]*`", ""));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theReadmeTableListsExactlyTheContractTopicsAndTheServicesConsumptions() throws IOException {
        Table table = readmeTable();
        Set<String> listed = new TreeSet<>();
        table.produces().values().forEach(listed::addAll);
        table.consumes().values().forEach(listed::addAll);
        assertEquals(new TreeSet<>(Events.topics()), listed, "README event table vs contracts Events.topics()");
        assertEquals(new TreeSet<>(SERVICES), table.produces().keySet(), "services named in the README table");
        for (String service : SERVICES) {
            Set<String> incoming = incomingTopics(service);
            assertTrue(table.consumes().get(service).containsAll(incoming),
                    service + " consumes " + incoming + " but the README table lists " + table.consumes().get(service));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceUserMayWriteWhatItProducesAndReadWhatItConsumes(String env) throws IOException {
        Table table = readmeTable();
        List<ObjectNode> objects = overlay(env);
        for (String service : SERVICES) {
            Set<String> expected = new TreeSet<>();
            for (String topic : table.produces().get(service)) {
                expected.add("topic:" + topic + ":literal:Write");
                expected.add("topic:" + topic + ":literal:Describe");
            }
            if (!table.consumes().get(service).isEmpty()) {
                expected.add("topic:" + Events.deadLetterTopic(service) + ":literal:Write");
                expected.add("topic:" + Events.deadLetterTopic(service) + ":literal:Describe");
                expected.add("group:" + service + ":literal:Read");
                MORE_GROUPS.getOrDefault(service, Set.of()).forEach(g -> expected.add("group:" + g + ":literal:Read"));
            }
            for (String topic : table.consumes().get(service)) {
                expected.add("topic:" + topic + ":literal:Read");
                expected.add("topic:" + topic + ":literal:Describe");
            }
            ObjectNode user = named(objects, "KafkaUser", service);
            assertEquals("tls", user.path("spec").path("authentication").path("type").asText(), service);
            assertEquals(expected, acls(user), env + ": ACLs of " + service);
            for (String group : consumerGroups(service)) {
                assertTrue(expected.contains("group:" + group + ":literal:Read"),
                        env + ": " + service + "'s application.properties consumes in group " + group + ", which its KafkaUser may not read");
            }
            // The Deployment presents this user's certificate.
            JsonNode volumes = named(objects, "Deployment", service).path("spec").path("template").path("spec").path("volumes");
            boolean mounted = false;
            for (JsonNode v : volumes) {
                mounted |= service.equals(v.path("secret").path("secretName").asText());
            }
            assertTrue(mounted, service + " does not mount its KafkaUser's Secret");
        }
        Set<String> users = ofKind(objects, "KafkaUser").stream().map(u -> u.path("metadata").path("name").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expectedUsers = new TreeSet<>(SERVICES);
        expectedUsers.add("platform-operator");
        assertEquals(expectedUsers, users);
        assertEquals(Set.of("topic:dead-letter.:prefix:Read", "topic:dead-letter.:prefix:Describe",
                "group:platform-operator:prefix:Read"), acls(named(objects, "KafkaUser", "platform-operator")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void thereIsATopicPerEventTypeAndPerConsumersDeadLetters(String env) throws IOException {
        Table table = readmeTable();
        Set<String> expected = new TreeSet<>(Events.topics());
        table.consumes().forEach((service, topics) -> {
            if (!topics.isEmpty()) {
                expected.add(Events.deadLetterTopic(service));
            }
        });
        Set<String> rendered = ofKind(overlay(env), "KafkaTopic").stream()
                .map(t -> t.path("spec").path("topicName").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, rendered);
        for (ObjectNode topic : ofKind(overlay(env), "KafkaTopic")) {
            JsonNode config = topic.path("spec").path("config");
            String policy = config.path("cleanup.policy").asText();
            if (policy.equals("delete")) {
                assertTrue(config.path("retention.ms").asLong() >= 35L * 24 * 3600 * 1000, Manifests.id(topic) + " retention");
            } else {
                assertEquals("compact", policy, Manifests.id(topic));
                assertEquals("restriction-changed", topic.path("spec").path("topicName").asText(), "only restriction-changed is compacted");
            }
        }
    }

    @Test
    void aCustomSystemReadsTheOrdersInItsOwnGroupAndWritesOnlyItsOwnConfirmationTopics() throws IOException {
        List<ObjectNode> objects = Manifests.overlayWith("dev", "examples/custom-system");
        Set<String> expected = new TreeSet<>();
        for (String topic : List.of("erasure-ordered", "rectification-ordered", "restriction-changed")) {
            expected.add("topic:" + topic + ":literal:Read");
            expected.add("topic:" + topic + ":literal:Describe");
        }
        expected.add("group:" + CUSTOM_SYSTEM + ":literal:Read");
        for (String topic : CUSTOM_TOPICS) {
            expected.add("topic:" + topic + ":literal:Write");
            expected.add("topic:" + topic + ":literal:Describe");
        }
        ObjectNode user = named(objects, "KafkaUser", CUSTOM_SYSTEM);
        assertEquals("tls", user.path("spec").path("authentication").path("type").asText());
        assertEquals(expected, acls(user), "ACLs of the custom system");

        Set<String> topics = ofKind(objects, "KafkaTopic").stream().map(t -> t.path("spec").path("topicName").asText())
                .collect(Collectors.toSet());
        assertTrue(topics.containsAll(CUSTOM_TOPICS), "its confirmation topics exist: " + topics);
        // request-service reads them on top of its own ACLs; no other principal may write them.
        Set<String> requestService = new TreeSet<>(acls(named(overlay("dev"), "KafkaUser", "request-service")));
        CUSTOM_TOPICS.forEach(t -> requestService.addAll(Set.of("topic:" + t + ":literal:Read", "topic:" + t + ":literal:Describe")));
        assertEquals(requestService, acls(named(objects, "KafkaUser", "request-service")), "request-service reads the custom topics");
        for (ObjectNode other : ofKind(objects, "KafkaUser")) {
            if (!CUSTOM_SYSTEM.equals(other.path("metadata").path("name").asText())) {
                for (String topic : CUSTOM_TOPICS) {
                    assertFalse(acls(other).contains("topic:" + topic + ":literal:Write"), Manifests.id(other) + " writes " + topic);
                }
            }
        }
    }

    private static Set<String> acls(JsonNode user) {
        Set<String> out = new HashSet<>();
        for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
            assertEquals("allow", acl.path("type").asText("allow"), "deny rules are not expected");
            JsonNode r = acl.path("resource");
            for (JsonNode op : acl.path("operations")) {
                out.add(r.path("type").asText() + ":" + r.path("name").asText() + ":" + r.path("patternType").asText("literal")
                        + ":" + op.asText());
            }
        }
        return new TreeSet<>(out);
    }

    /** Topics of the service's mp.messaging.incoming channels. */
    private static Set<String> incomingTopics(String service) throws IOException {
        return incoming(service, ".topic");
    }

    /** The consumer groups the service's incoming channels name ({@code group.id}; none named = the service's own). */
    private static Set<String> consumerGroups(String service) throws IOException {
        return incoming(service, ".group.id");
    }

    private static Set<String> incoming(String service, String suffix) throws IOException {
        Path file = Manifests.ROOT.resolve(service + "/src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        Set<String> values = new TreeSet<>();
        properties.stringPropertyNames().stream()
                .filter(k -> k.startsWith("mp.messaging.incoming.") && k.endsWith(suffix))
                // A pattern channel reads custom systems' own topics (request-service: erasure-confirmed.<system>),
                // not contract topics of the table.
                .filter(k -> !"true".equals(properties.getProperty(k.substring(0, k.length() - suffix.length()) + ".pattern")))
                .forEach(k -> values.add(properties.getProperty(k)));
        return values;
    }
}
