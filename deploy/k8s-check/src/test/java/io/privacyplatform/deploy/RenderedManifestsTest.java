package io.privacyplatform.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.privacyplatform.deploy.Manifests.SERVICES;
import static io.privacyplatform.deploy.Manifests.id;
import static io.privacyplatform.deploy.Manifests.named;
import static io.privacyplatform.deploy.Manifests.ofKind;
import static io.privacyplatform.deploy.Manifests.overlay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Both overlays render, every object is valid offline, and the workloads carry the settings ops rely on. */
class RenderedManifestsTest {

    private static SchemaValidator validator;

    @BeforeAll
    static void schemas() {
        validator = new SchemaValidator();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyRenderedObjectIsValidAgainstItsSchema(String env) {
        List<ObjectNode> objects = overlay(env);
        List<String> problems = new ArrayList<>();
        objects.forEach(o -> problems.addAll(validator.validate(o)));
        assertEquals(List.of(), problems, env + ": invalid objects");
        Map<String, Long> kinds = objects.stream().collect(Collectors.groupingBy(o -> o.path("kind").asText(), TreeMap::new,
                Collectors.counting()));
        for (String kind : List.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser", "Cluster", "ScheduledBackup",
                "ObjectStore", "Keycloak", "Deployment", "Service", "ConfigMap", "NetworkPolicy", "ServiceMonitor",
                "PrometheusRule", "Issuer", "Certificate", "Ingress")) {
            assertTrue(kinds.containsKey(kind), env + " renders no " + kind + ": " + kinds);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void noSecretIsCommittedOrRendered(String env) {
        assertEquals(List.of(), ofKind(overlay(env), "Secret").stream().map(Manifests::id).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyWorkloadRunsHardened(String env) {
        List<ObjectNode> deployments = ofKind(overlay(env), "Deployment");
        assertEquals(Set.copyOf(SERVICES), deployments.stream().map(d -> d.path("metadata").path("name").asText())
                .collect(Collectors.toSet()));
        for (ObjectNode deployment : deployments) {
            String who = env + " " + id(deployment);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), who + ": automountServiceAccountToken");
            assertFalse(pod.path("hostNetwork").asBoolean(false) || pod.path("hostPID").asBoolean(false)
                    || pod.path("hostIPC").asBoolean(false), who + ": host namespaces");
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(false), who + ": runAsNonRoot");
            assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(),
                    who + ": seccompProfile");
            Set<String> emptyDirs = new HashSet<>();
            pod.path("volumes").forEach(v -> {
                assertFalse(v.has("hostPath"), who + ": hostPath volume " + v.path("name").asText());
                if (v.has("emptyDir")) {
                    emptyDirs.add(v.path("name").asText());
                }
            });
            List<JsonNode> containers = new ArrayList<>();
            pod.path("initContainers").forEach(containers::add);
            pod.path("containers").forEach(containers::add);
            assertFalse(containers.isEmpty(), who + ": no container");
            for (JsonNode c : containers) {
                String cw = who + " container " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), cw + ": allowPrivilegeEscalation");
                assertFalse(sc.path("privileged").asBoolean(false), cw + ": privileged");
                assertTrue(sc.path("readOnlyRootFilesystem").asBoolean(false), cw + ": readOnlyRootFilesystem");
                assertEquals(List.of("ALL"), texts(sc.path("capabilities").path("drop")), cw + ": capabilities.drop");
                assertTrue(sc.path("capabilities").path("add").isMissingNode(), cw + ": adds capabilities");
                assertTrue(sc.path("runAsNonRoot").asBoolean(true), cw + ": runAsNonRoot overridden");
                boolean tmp = false;
                for (JsonNode mount : c.path("volumeMounts")) {
                    tmp |= "/tmp".equals(mount.path("mountPath").asText()) && emptyDirs.contains(mount.path("name").asText());
                }
                assertTrue(tmp, cw + ": /tmp must be an emptyDir (the root filesystem is read-only)");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    String expected = "/q/health/" + Map.of("startupProbe", "started", "livenessProbe", "live",
                            "readinessProbe", "ready").get(probe);
                    assertEquals(expected, c.path(probe).path("httpGet").path("path").asText(), cw + ": " + probe);
                }
                JsonNode resources = c.path("resources");
                for (String field : List.of("requests/cpu", "requests/memory", "limits/memory")) {
                    String[] f = field.split("/");
                    assertFalse(resources.path(f[0]).path(f[1]).asText().isEmpty(), cw + ": resources." + f[0] + "." + f[1]);
                }
                assertEquals(8443, c.path("ports").path(0).path("containerPort").asInt(), cw + ": listens on 8443 (HTTPS)");
                c.path("env").forEach(e -> assertFalse(e.has("value") && e.path("name").asText().matches(".*(KEY|PASSWORD|SECRET).*"),
                        cw + ": secret " + e.path("name").asText() + " inline instead of from a Secret"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void partnerKeysAndCredentialsComeFromSecrets(String env) {
        Map<String, String> fromSecrets = secretRefs(named(overlay(env), "Deployment", "partner-sync-service"));
        assertEquals("partner-api-keys/stripe", fromSecrets.get("PARTNERS_STRIPE_API_KEY"));
        assertEquals("partner-api-keys/hubspot", fromSecrets.get("PARTNERS_HUBSPOT_API_KEY"));
        assertEquals("partner-api-keys/openai", fromSecrets.get("PARTNERS_OPENAI_API_KEY"));
        assertEquals("partner-sync-service-client/secret", fromSecrets.get("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET"));
        // Database credentials: the Secret CNPG generates for the cluster's bootstrap owner.
        assertEquals("partner-sync-service-pg-app/password", fromSecrets.get("QUARKUS_DATASOURCE_PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void imagesAreTheOnesJibBuilds(String env) throws IOException {
        String pom = Files.readString(Manifests.ROOT.resolve("pom.xml"));
        String group = property(pom, "quarkus.container-image.group");
        String version = property(pom.replaceAll("(?s)<parent>.*?</parent>", "").replaceAll("(?s)<dependencies>.*", ""), "version");
        String tag = property(pom, "quarkus.container-image.tag").replace("${project.version}", version);
        for (ObjectNode deployment : ofKind(overlay(env), "Deployment")) {
            String name = deployment.path("metadata").path("name").asText();
            String image = deployment.path("spec").path("template").path("spec").path("containers").path(0).path("image").asText();
            assertTrue(image.endsWith("/" + group + "/" + name + ":" + tag),
                    env + " " + name + ": image " + image + " is not what Jib builds (<registry>/" + group + "/" + name + ":" + tag + ")");
        }
    }

    /** The realm's confidential clients, one per caller: its roles (nothing else) and the services its tokens are for. */
    private static final Map<String, List<List<String>>> CONFIDENTIAL_CLIENTS = Map.of(
            "request-service", List.of(List.of("subject-export-reader", "hold-reader", "contact-reader"),
                    List.of("consent-service", "retention-service", "partner-sync-service")),
            "partner-sync-service", List.of(List.of("rectification-reader", "contact-reader"),
                    List.of("request-service", "retention-service")),
            "retention-service", List.of(List.of("rectification-reader"), List.of("request-service")),
            "web-backend", List.of(List.of("consent-recorder", "consent-checker", "unsubscribe-link-issuer",
                    "inventory-recorder", "connection-log-recorder"), List.of("consent-service", "retention-service")),
            "billing-backend", List.of(List.of("processor-record-recorder", "inventory-recorder"),
                    List.of("partner-sync-service", "retention-service")));

    /**
     * Least privilege in the realm: no super-role, one confidential client per caller with a service account holding
     * only its roles, full scope off everywhere (a token carries only the roles mapped to its client, whatever else the
     * user holds), audience mappers naming the services each client calls, and each client's secret a placeholder
     * Keycloak fills from its environment.
     */
    @Test
    void everyRealmClientCarriesOnlyItsRolesAndItsAudience() throws IOException {
        JsonNode realm = Manifests.YAML.readTree(Files.readString(Manifests.ROOT.resolve("deploy/k8s/base/keycloak/realm-privacy.json")));
        Set<String> roles = new TreeSet<>();
        realm.path("roles").path("realm").forEach(r -> roles.add(r.path("name").asText()));
        assertFalse(roles.contains("platform"), "no super-role platform");
        Map<String, List<String>> scopes = new TreeMap<>();
        realm.path("scopeMappings").forEach(m -> scopes.put(m.path("client").asText(), texts(m.path("roles"))));
        Map<String, List<String>> serviceAccounts = new TreeMap<>();
        realm.path("users").forEach(u -> serviceAccounts.put(u.path("serviceAccountClientId").asText(), texts(u.path("realmRoles"))));
        Map<String, List<String>> expectedAudiences = new TreeMap<>(Map.of(
                "privacy-frontend", List.of("request-service", "consent-service", "retention-service"),
                "privacy-console", List.of("request-service", "partner-sync-service", "consent-service", "retention-service")));
        CONFIDENTIAL_CLIENTS.forEach((id, spec) -> expectedAudiences.put(id, spec.get(1)));
        Set<String> clients = new TreeSet<>();
        for (JsonNode client : realm.path("clients")) {
            String id = client.path("clientId").asText();
            clients.add(id);
            assertFalse(client.path("fullScopeAllowed").asBoolean(true), id + ": full scope would put every role of the user in its tokens");
            List<String> audiences = new ArrayList<>();
            client.path("protocolMappers").forEach(m -> {
                if (m.path("protocolMapper").asText().equals("oidc-audience-mapper")) {
                    assertEquals("true", m.path("config").path("access.token.claim").asText(), id + ": audience in the access token");
                    audiences.add(m.path("config").path("included.custom.audience").asText());
                }
            });
            assertEquals(expectedAudiences.get(id), audiences, id + ": the services its tokens are for");
            List<List<String>> confidential = CONFIDENTIAL_CLIENTS.get(id);
            if (confidential == null) {
                assertTrue(client.path("publicClient").asBoolean(), id + ": a person's client is public");
                continue;
            }
            assertFalse(client.path("publicClient").asBoolean(true), id + " is confidential");
            assertTrue(client.path("serviceAccountsEnabled").asBoolean(), id + ": client credentials");
            assertFalse(client.path("standardFlowEnabled").asBoolean(true) || client.path("directAccessGrantsEnabled").asBoolean(true)
                    || client.path("implicitFlowEnabled").asBoolean(true), id + ": no person signs in through it");
            assertEquals("${" + id.toUpperCase().replace('-', '_') + "_CLIENT_SECRET}", client.path("secret").asText(),
                    id + ": its own secret, from Keycloak's environment");
            assertEquals(confidential.get(0), serviceAccounts.get(id), id + ": its service account's roles");
            assertEquals(confidential.get(0), scopes.get(id), id + ": the roles its tokens may carry");
        }
        assertEquals(expectedAudiences.keySet(), clients, "the realm's clients");
        assertEquals(List.of("data-subject"), scopes.get("privacy-frontend"));
        assertEquals(List.of("privacy-officer", "operator"), scopes.get("privacy-console"));
        Set<String> granted = new TreeSet<>();
        scopes.values().forEach(granted::addAll);
        assertEquals(roles, granted, "every realm role is some client's, and no client has a role the realm lacks");
    }

    /**
     * Each confidential client's secret lives in one Secret, {@code <client>-client}: Keycloak reads all of them for the
     * realm import, each service only its own (consent-service calls no one and gets none).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceAuthenticatesWithItsOwnClientAndSecret(String env) {
        List<ObjectNode> objects = overlay(env);
        JsonNode keycloak = named(objects, "Keycloak", "keycloak").path("spec").path("unsupported").path("podTemplate")
                .path("spec").path("containers").path(0);
        Map<String, String> keycloakSecrets = new TreeMap<>();
        keycloak.path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                assertFalse(ref.path("optional").asBoolean(false), env + ": Keycloak must not start without " + ref.path("name").asText());
                keycloakSecrets.put(e.path("name").asText(), ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        Map<String, String> expected = new TreeMap<>();
        CONFIDENTIAL_CLIENTS.keySet().forEach(id -> expected.put(id.toUpperCase().replace('-', '_') + "_CLIENT_SECRET", id + "-client/secret"));
        assertEquals(expected, keycloakSecrets, env + ": Keycloak's client secrets");
        for (String service : SERVICES) {
            JsonNode config = named(objects, "ConfigMap", service + "-config").path("data");
            Map<String, String> fromSecrets = secretRefs(named(objects, "Deployment", service));
            if (service.equals("consent-service")) {
                assertTrue(config.path("QUARKUS_OIDC_CLIENT_CLIENT_ID").isMissingNode(), env + ": consent-service calls no service");
                assertFalse(fromSecrets.containsKey("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET"), env + ": no client secret where unused");
                continue;
            }
            assertEquals(service, config.path("QUARKUS_OIDC_CLIENT_CLIENT_ID").asText(), env + ": " + service + "'s own client");
            assertEquals(service + "-client/secret", fromSecrets.get("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET"), env + ": " + service + "'s own secret");
            fromSecrets.forEach((name, ref) -> assertFalse(ref.endsWith("-client/secret") && !ref.equals(service + "-client/secret"),
                    env + ": " + service + " reads another client's secret " + ref));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachPodIsAStaticConsumerGroupMemberUnderItsOwnName(String env) {
        // unique per running pod (two pods sharing an id would fence each other), kept by a container restart
        List<ObjectNode> objects = overlay(env);
        for (String service : SERVICES) {
            List<String> fieldPaths = new ArrayList<>();
            named(objects, "Deployment", service).path("spec").path("template").path("spec").path("containers").path(0)
                    .path("env").forEach(e -> {
                        if (e.path("name").asText().equals("PLATFORM_KAFKA_INSTANCE_ID")) {
                            fieldPaths.add(e.path("valueFrom").path("fieldRef").path("fieldPath").asText());
                        }
                    });
            assertEquals(List.of("metadata.name"), fieldPaths, env + ": " + service + "'s instance id");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void keycloakImportsTheSameRealmFileAsTheLocalRun(String env) throws IOException {
        List<ObjectNode> objects = overlay(env);
        String realm = Files.readString(Manifests.ROOT.resolve("deploy/k8s/base/keycloak/realm-privacy.json"));
        assertEquals(realm, named(objects, "ConfigMap", "keycloak-realm").path("data").path("realm-privacy.json").asText());
        JsonNode pod = named(objects, "Keycloak", "keycloak").path("spec").path("unsupported").path("podTemplate").path("spec");
        assertEquals("keycloak-realm", pod.path("volumes").path(0).path("configMap").path("name").asText());
        assertEquals("/opt/keycloak/data/import", pod.path("containers").path(0).path("volumeMounts").path(0).path("mountPath").asText());
        assertTrue(texts(pod.path("containers").path(0).path("args")).contains("--import-realm"));
    }

    /**
     * A public client that accepts any redirect URI hands a victim's authorization code to whatever site a crafted
     * login link names: every redirect URI and web origin of the realm is exact, and each environment gives its own.
     */
    /**
     * The privacy officer's console (request-service's /console/): a public client of the standard flow only, PKCE S256
     * required, one exact redirect URI and web origin that each environment gives (the local run:
     * http://127.0.0.1:8081/console/).
     */
    @Test
    void theConsoleClientIsPublicWithPkceAndOneExactRedirectUri() throws IOException {
        JsonNode realm = Manifests.YAML.readTree(Files.readString(Manifests.ROOT.resolve("deploy/k8s/base/keycloak/realm-privacy.json")));
        JsonNode console = null;
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals("privacy-console")) {
                console = client;
            }
        }
        assertTrue(console != null, "the realm has the console's client privacy-console");
        assertTrue(console.path("publicClient").asBoolean());
        assertTrue(console.path("standardFlowEnabled").asBoolean());
        assertFalse(console.path("implicitFlowEnabled").asBoolean(), "no implicit flow");
        assertFalse(console.path("directAccessGrantsEnabled").asBoolean(), "no password grant");
        assertFalse(console.path("serviceAccountsEnabled").asBoolean(), "no client credentials");
        assertEquals("S256", console.path("attributes").path("pkce.code.challenge.method").asText());
        assertEquals(List.of("${PRIVACY_CONSOLE_REDIRECT_URI}"), texts(console.path("redirectUris")));
        assertEquals(List.of("${PRIVACY_CONSOLE_ORIGIN}"), texts(console.path("webOrigins")));
        for (String uri : texts(console.path("redirectUris"))) {
            assertFalse(uri.contains("*") || uri.equals("+"), "only an exact redirect URI: " + uri);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theFrontendClientRedirectsOnlyToTheEnvironmentsExactUri(String env) throws IOException {
        JsonNode realm = Manifests.YAML.readTree(Files.readString(Manifests.ROOT.resolve("deploy/k8s/base/keycloak/realm-privacy.json")));
        for (JsonNode client : realm.path("clients")) {
            for (String field : List.of("redirectUris", "webOrigins")) {
                for (String uri : texts(client.path(field))) {
                    assertFalse(uri.contains("*") || uri.equals("+"), client.path("clientId").asText() + " " + field
                            + " accepts " + uri + ": only exact URIs, per environment");
                }
            }
        }
        JsonNode frontend = realm.path("clients").path(-1);
        for (JsonNode client : realm.path("clients")) {
            if (client.path("clientId").asText().equals("privacy-frontend")) {
                frontend = client;
            }
        }
        assertEquals(List.of("${PRIVACY_FRONTEND_REDIRECT_URI}"), texts(frontend.path("redirectUris")));
        assertEquals(List.of("${PRIVACY_FRONTEND_ORIGIN}"), texts(frontend.path("webOrigins")));

        List<ObjectNode> objects = overlay(env);
        JsonNode container = named(objects, "Keycloak", "keycloak").path("spec").path("unsupported").path("podTemplate")
                .path("spec").path("containers").path(0);
        assertEquals("keycloak-frontend-client", container.path("envFrom").path(0).path("configMapRef").path("name").asText());
        JsonNode values = named(objects, "ConfigMap", "keycloak-frontend-client").path("data");
        String redirect = values.path("PRIVACY_FRONTEND_REDIRECT_URI").asText();
        String origin = values.path("PRIVACY_FRONTEND_ORIGIN").asText();
        String host = env.equals("prod") ? "app.privacy-platform.example" : "app." + env + ".privacy-platform.example";
        assertEquals("https://" + host + "/auth/callback", redirect, env + ": the frontend's redirect URI");
        assertEquals("https://" + host, origin, env + ": the frontend's web origin");
        java.net.URI parsed = java.net.URI.create(redirect);
        assertEquals(origin, parsed.getScheme() + "://" + parsed.getAuthority(), env + ": the origin is the redirect URI's");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void databasesAreOnePerServiceWithOperatorGeneratedCredentials(String env) {
        List<ObjectNode> objects = overlay(env);
        for (String service : SERVICES) {
            ObjectNode cluster = named(objects, "Cluster", service + "-pg");
            String database = service.replace('-', '_');
            assertEquals(database, cluster.path("spec").path("bootstrap").path("initdb").path("database").asText());
            assertEquals(database, cluster.path("spec").path("bootstrap").path("initdb").path("owner").asText());
            assertTrue(cluster.path("spec").path("bootstrap").path("initdb").path("secret").isMissingNode(),
                    service + ": the owner's password must be generated by the operator");
            JsonNode plugin = cluster.path("spec").path("plugins").path(0);
            assertEquals("barman-cloud.cloudnative-pg.io", plugin.path("name").asText());
            assertTrue(plugin.path("isWALArchiver").asBoolean());
            named(objects, "ObjectStore", plugin.path("parameters").path("barmanObjectName").asText());
            ObjectNode backup = named(objects, "ScheduledBackup", service + "-pg-nightly");
            assertEquals("plugin", backup.path("spec").path("method").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void networkPoliciesDenyByDefaultAndAllowTheDesignFlows(String env) {
        List<ObjectNode> policies = ofKind(overlay(env), "NetworkPolicy");
        ObjectNode deny = named(policies, "NetworkPolicy", "default-deny-all");
        assertTrue(deny.path("spec").path("podSelector").isEmpty(), "default deny selects every pod");
        assertEquals(List.of("Ingress", "Egress"), texts(deny.path("spec").path("policyTypes")));
        assertTrue(deny.path("spec").path("ingress").isMissingNode() && deny.path("spec").path("egress").isMissingNode());

        // Rectification values at request-service: partner-sync and retention-service (for its datastores).
        for (String caller : List.of("partner-sync-service", "retention-service")) {
            assertEquals(Set.of(8443), egressPorts(policies, caller, "request-service"), caller + " reads rectification values");
            assertEquals(Set.of(8443), ingressPorts(policies, "request-service", caller), caller + " reads rectification values");
        }
        // partner-sync's email lookup: the datastores' contact columns at retention-service.
        assertEquals(Set.of(8443), egressPorts(policies, "partner-sync-service", "retention-service"));
        assertEquals(Set.of(8443), ingressPorts(policies, "retention-service", "partner-sync-service"));
        assertEquals(Set.of(), egressPorts(policies, "retention-service", "partner-sync-service"));
        assertEquals(Set.of(), egressPorts(policies, "consent-service", "request-service"));
        // Access exports: request-service reads each service's slice; the slices never call back.
        for (String slice : List.of("consent-service", "retention-service", "partner-sync-service")) {
            assertEquals(Set.of(8443), egressPorts(policies, "request-service", slice), slice + " export slice");
            assertEquals(Set.of(8443), ingressPorts(policies, slice, "request-service"), slice + " export slice");
        }
        assertEquals(Set.of(), egressPorts(policies, "retention-service", "consent-service"));
        for (String service : SERVICES) {
            assertEquals(Set.of(5432), egressToLabel(policies, service, "cnpg.io/cluster", service + "-pg"));
            for (String other : SERVICES) {
                if (!other.equals(service)) {
                    assertEquals(Set.of(), egressToLabel(policies, service, "cnpg.io/cluster", other + "-pg"),
                            service + " must not reach " + other + "'s database");
                }
            }
            // Strimzi's labels on the broker pods.
            assertEquals(Set.of(9093), egressTo(policies, service, Map.of("strimzi.io/cluster", "privacy-kafka",
                    "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true")));
            assertEquals(Set.of(8443), egressToLabel(policies, service, "app", "keycloak"));
        }
        assertEquals(Set.of(443), externalEgressPorts(policies, "partner-sync-service"));
        assertEquals(Set.of(587), externalEgressPorts(policies, "request-service"));
        assertEquals(Set.of(), externalEgressPorts(policies, "consent-service"));
        // retention-service leaves the cluster only for the company datastores, each on its database port.
        assertEquals(Set.of(5432), externalEgressPorts(policies, "retention-service"));
        ObjectNode datastore = named(policies, "NetworkPolicy", "retention-service-to-account-database");
        assertEquals(1, datastore.path("spec").path("egress").size(), "one rule: the database's address and port");
        JsonNode to = datastore.path("spec").path("egress").path(0).path("to");
        assertEquals(1, to.size());
        assertTrue(to.path(0).path("ipBlock").path("cidr").asText().endsWith("/32"), "one address, not a range: " + to);
        assertEquals(Set.of(5432), ports(datastore.path("spec").path("egress").path(0)));
    }

    /**
     * The account database is plugged into retention-service the way docs/plugging-in.md says: connection and hash key
     * from a Secret ops create (its shape, with placeholders, in secret.example.yaml, never rendered), the manifest
     * from a ConfigMap holding exactly the example's manifest, mounted read-only.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theAccountDatabaseIsPluggedIntoRetentionServiceFromASecretAndTheManifestConfigMap(String env) throws IOException {
        List<ObjectNode> objects = overlay(env);
        JsonNode pod = named(objects, "Deployment", "retention-service").path("spec").path("template").path("spec");
        JsonNode container = pod.path("containers").path(0);
        String prefix = "retention.datastores.account-database.";
        Map<String, String> fromSecrets = secretRefs(named(objects, "Deployment", "retention-service"));
        Map<String, String> values = new TreeMap<>();
        container.path("env").forEach(e -> values.put(e.path("name").asText(), e.path("value").asText()));
        for (String key : List.of("jdbc-url", "username", "password", "hash-key")) {
            assertEquals("account-database-datastore/" + key, fromSecrets.get(prefix + key), env + ": " + prefix + key);
        }

        Path example = Manifests.ROOT.resolve("deploy/k8s/base/datastores/account-database/secret.example.yaml");
        ObjectNode secret = Manifests.parse(Files.readString(example)).get(0);
        assertEquals(List.of(), validator.validate(secret), "secret.example.yaml");
        assertEquals("account-database-datastore", secret.path("metadata").path("name").asText());
        Set<String> keys = new TreeSet<>();
        secret.path("stringData").fieldNames().forEachRemaining(keys::add);
        assertEquals(Set.of("jdbc-url", "username", "password", "hash-key"), keys, "the keys retention-service reads");
        for (String key : List.of("password", "hash-key")) {
            assertTrue(secret.path("stringData").path(key).asText().startsWith("REPLACE"), "a placeholder, not a secret: " + key);
        }

        String manifestPath = values.get(prefix + "manifest");
        assertTrue(manifestPath != null && manifestPath.startsWith("/"), env + ": the manifest is a file: " + values);
        JsonNode mount = null;
        for (JsonNode m : container.path("volumeMounts")) {
            if (manifestPath.startsWith(m.path("mountPath").asText() + "/")) {
                mount = m;
            }
        }
        assertTrue(mount != null, env + ": nothing mounted at " + manifestPath);
        assertTrue(mount.path("readOnly").asBoolean(false), env + ": the manifest is mounted read-only");
        String configMap = null;
        for (JsonNode v : pod.path("volumes")) {
            if (v.path("name").asText().equals(mount.path("name").asText())) {
                configMap = v.path("configMap").path("name").asText();
            }
        }
        String file = manifestPath.substring(manifestPath.lastIndexOf('/') + 1);
        String rendered = named(objects, "ConfigMap", configMap).path("data").path(file).asText();
        assertEquals(Files.readString(Manifests.ROOT.resolve(
                        "examples/account-database/src/main/resources/datastores/account-database.yaml")), rendered,
                env + ": the ConfigMap holds the example's manifest byte for byte (copy it again after changing it)");
    }

    /** retention-service calls request-service with its own client, as partner-sync does; partner-sync's email lookup goes to retention-service. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void retentionServiceReadsRectificationValuesAndPartnerSyncLooksUpContactsAtRetentionService(String env) {
        List<ObjectNode> objects = overlay(env);
        JsonNode retention = named(objects, "ConfigMap", "retention-service-config").path("data");
        JsonNode partnerSync = named(objects, "ConfigMap", "partner-sync-service-config").path("data");
        assertEquals("https://request-service:8443", retention.path("QUARKUS_REST_CLIENT_REQUEST_SERVICE_URL").asText());
        for (String key : List.of("QUARKUS_REST_CLIENT_REQUEST_SERVICE_URL", "QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL")) {
            assertFalse(retention.path(key).asText().isEmpty(), env + ": retention-service " + key);
            assertEquals(partnerSync.path(key).asText(), retention.path(key).asText(), env + ": " + key + " as partner-sync's");
        }
        assertTrue(retention.path("JAVA_OPTS_APPEND").asText().contains("-Dquarkus.oidc-client.tls.tls-configuration-name=keycloak"),
                env + ": the OIDC client trusts Keycloak's CA");
        assertEquals("retention-service", retention.path("QUARKUS_OIDC_CLIENT_CLIENT_ID").asText(), env + ": retention-service's own client");
        assertEquals("retention-service-client/secret", secretRefs(named(objects, "Deployment", "retention-service"))
                .get("QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET"), env + ": retention-service's client secret");
        assertEquals("https://retention-service:8443", partnerSync.path("QUARKUS_REST_CLIENT_SUBJECT_CONTACT_URL").asText());
    }

    /**
     * The officer's console is served by request-service at its public address and, from the officer's browser, signs
     * in at Keycloak's public issuer and calls partner-sync-service: each environment names its own hosts, partner-sync
     * admits exactly the console's origin (a wildcard would let any site's page call it with an operator's token), and
     * the realm's console client (privacy-console, whose placeholders these values fill) comes back only to the
     * console's address.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theConsoleSignsInAtTheEnvironmentsIssuerAndOnlyItsOriginMayCallPartnerSync(String env) {
        List<ObjectNode> objects = overlay(env);
        String domain = env.equals("prod") ? "privacy-platform.example" : env + ".privacy-platform.example";
        String publicAddress = "https://privacy." + domain;
        JsonNode requests = named(objects, "ConfigMap", "request-service-config").path("data");
        assertEquals(publicAddress, requests.path("REQUESTS_PERSON_LINKS_BASE_URL").asText(), env + ": request-service's public address");
        String keycloak = named(objects, "Keycloak", "keycloak").path("spec").path("hostname").path("hostname").asText();
        assertEquals(keycloak + "/realms/privacy", requests.path("REQUESTS_CONSOLE_ISSUER_URL").asText(),
                env + ": the console signs in at Keycloak's public issuer");
        assertEquals("privacy-console", requests.path("REQUESTS_CONSOLE_CLIENT_ID").asText());
        assertEquals("https://partner-sync." + domain, requests.path("REQUESTS_CONSOLE_PARTNER_SYNC_URL").asText());

        JsonNode partnerSync = named(objects, "ConfigMap", "partner-sync-service-config").path("data");
        assertEquals("true", partnerSync.path("QUARKUS_HTTP_CORS_ENABLED").asText(), env + ": partner-sync's CORS");
        assertEquals(publicAddress, partnerSync.path("QUARKUS_HTTP_CORS_ORIGINS").asText(), env + ": only the console's origin");
        assertEquals("GET,POST", partnerSync.path("QUARKUS_HTTP_CORS_METHODS").asText());
        assertEquals("authorization,content-type", partnerSync.path("QUARKUS_HTTP_CORS_HEADERS").asText());
        for (ObjectNode configMap : ofKind(objects, "ConfigMap")) {
            configMap.path("data").fields().forEachRemaining(entry -> {
                if (entry.getKey().startsWith("QUARKUS_HTTP_CORS_ORIGINS")) {
                    String origins = entry.getValue().asText();
                    assertFalse(origins.isBlank() || origins.contains("*") || origins.contains(",") || !origins.startsWith("https://"),
                            env + " " + configMap.path("metadata").path("name").asText() + " admits " + origins + ": one exact https origin");
                }
            });
        }

        JsonNode client = named(objects, "ConfigMap", "keycloak-frontend-client").path("data");
        assertEquals(publicAddress + "/console/", client.path("PRIVACY_CONSOLE_REDIRECT_URI").asText(), env + ": the console's redirect URI");
        assertEquals(publicAddress, client.path("PRIVACY_CONSOLE_ORIGIN").asText(), env + ": the console's web origin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void monitoringScrapesTheServicesAndAlertsOnWhatTheyMeasure(String env) {
        List<ObjectNode> objects = overlay(env);
        for (String service : SERVICES) {
            ObjectNode monitor = named(objects, "ServiceMonitor", service);
            JsonNode endpoint = monitor.path("spec").path("endpoints").path(0);
            assertEquals("/q/metrics", endpoint.path("path").asText());
            // Over HTTPS, the service's certificate checked against the internal CA under the service's own name.
            assertEquals("https", endpoint.path("scheme").asText(), service);
            assertEquals(service, endpoint.path("tlsConfig").path("serverName").asText(), service);
            assertEquals("privacy-internal-ca", endpoint.path("tlsConfig").path("ca").path("secret").path("name").asText());
            assertFalse(endpoint.path("tlsConfig").path("insecureSkipVerify").asBoolean(false), service);
            JsonNode labels = named(objects, "Service", service).path("metadata").path("labels");
            monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(l ->
                    assertEquals(l.getValue().asText(), labels.path(l.getKey()).asText(), service + " not scraped"));
        }
        Map<String, String> alerts = new TreeMap<>();
        for (ObjectNode rule : ofKind(objects, "PrometheusRule")) {
            rule.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
                if (r.has("alert")) {
                    alerts.put(r.path("alert").asText(), r.path("expr").asText());
                }
            }));
        }
        // Metric names as Micrometer exports the services' meters (RequestMetrics, TaskMetrics, SweepService).
        assertTrue(alerts.get("RequestsOverdue").contains("requests_overdue"), alerts.toString());
        assertTrue(alerts.get("PartnerTasksDead").contains("partner_tasks{state=\"DEAD\"}"), alerts.toString());
        assertTrue(alerts.get("RetentionSweepStalled").contains("retention_sweeps_total"), alerts.toString());
        assertTrue(alerts.get("DeadLetterTopicNotEmpty").contains("dead-letter"), alerts.toString());
        assertTrue(alerts.get("OutboxEventRejected").contains("platform_outbox_rejected_total"), alerts.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"prod"})
    void prodRunsSeveralReplicasWithBudgetsAutoscalersAndAntiAffinity(String env) {
        List<ObjectNode> objects = overlay(env);
        for (String service : SERVICES) {
            ObjectNode deployment = named(objects, "Deployment", service);
            assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, service + " replicas");
            JsonNode anti = deployment.path("spec").path("template").path("spec").path("affinity").path("podAntiAffinity");
            assertFalse(anti.isMissingNode(), service + ": no pod anti-affinity");
            assertEquals(service, named(objects, "PodDisruptionBudget", service).path("spec").path("selector")
                    .path("matchLabels").path("app.kubernetes.io/name").asText());
            ObjectNode hpa = named(objects, "HorizontalPodAutoscaler", service);
            assertEquals(service, hpa.path("spec").path("scaleTargetRef").path("name").asText());
            assertTrue(hpa.path("spec").path("minReplicas").asInt() >= 2);
        }
        for (ObjectNode cluster : ofKind(objects, "Cluster")) {
            assertEquals(3, cluster.path("spec").path("instances").asInt(), id(cluster));
        }
        for (ObjectNode topic : ofKind(objects, "KafkaTopic")) {
            assertEquals(3, topic.path("spec").path("replicas").asInt(), id(topic));
            assertEquals(2, topic.path("spec").path("config").path("min.insync.replicas").asInt(), id(topic));
        }
        for (ObjectNode pool : ofKind(objects, "KafkaNodePool")) {
            assertEquals(3, pool.path("spec").path("replicas").asInt(), id(pool));
        }
    }

    /**
     * What each service's production guard requires (its application.properties: platform.production.keys and
     * .public-urls) is in the manifests: every current key from a Secret (retired ones optional), every public base
     * URL an https address of the environment's domain, trusted proxies wherever forwarded headers are believed; and
     * a key only where it is used (the subject-id key in request-service alone).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachServiceGetsWhatItsProductionGuardRequiresAndNoKeyItDoesNotUse(String env) throws IOException {
        List<ObjectNode> objects = overlay(env);
        String domain = "dev".equals(env) ? ".dev.privacy-platform.example" : ".privacy-platform.example";
        for (String service : SERVICES) {
            String who = env + " " + service;
            java.util.Properties properties = new java.util.Properties();
            try (var in = Files.newInputStream(Manifests.ROOT.resolve(service).resolve("src/main/resources/application.properties"))) {
                properties.load(in);
            }
            Map<String, String> fromSecrets = secretRefs(named(objects, "Deployment", service));
            Set<String> optional = new HashSet<>();
            named(objects, "Deployment", service).path("spec").path("template").path("spec").path("containers").path(0)
                    .path("env").forEach(e -> {
                        if (e.path("valueFrom").path("secretKeyRef").path("optional").asBoolean(false)) {
                            optional.add(e.path("name").asText());
                        }
                    });
            for (String key : properties.getProperty("platform.production.keys", "").split(",")) {
                String setting = key.strip();
                if (setting.isEmpty() || setting.contains("*")) {
                    continue; // a pattern: the datastores' hash keys, checked with each datastore's component
                }
                String variable = setting.toUpperCase().replaceAll("[.-]", "_");
                if (setting.contains("retired")) {
                    assertTrue(!fromSecrets.containsKey(variable) || optional.contains(variable), who + ": " + variable + " optional");
                } else {
                    assertTrue(fromSecrets.containsKey(variable), who + ": " + variable + " from a Secret");
                    assertFalse(optional.contains(variable), who + ": " + variable + " is required");
                }
            }
            JsonNode config = named(objects, "ConfigMap", service + "-config").path("data");
            for (String url : properties.getProperty("platform.production.public-urls", "").split(",")) {
                if (url.isBlank()) {
                    continue;
                }
                String value = config.path(url.strip().toUpperCase().replaceAll("[.-]", "_")).asText();
                java.net.URI address = java.net.URI.create(value);
                assertEquals("https", address.getScheme(), who + ": " + url);
                assertTrue(address.getHost().endsWith(domain), who + ": " + url + " = " + value);
            }
            if (config.path("QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING").asBoolean(false)) {
                assertFalse(config.path("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES").asText().isBlank(), who + ": trusted proxies");
            }
            boolean usesSubjectIds = properties.getProperty("platform.production.keys", "").contains("platform.subject-id.hmac-key");
            assertEquals(usesSubjectIds, fromSecrets.containsKey("PLATFORM_SUBJECT_ID_HMAC_KEY"), who + ": the subject-id key");
        }
    }

    /** In production a decision that cannot be undone (an erasure filed on someone's behalf, an heir's) takes two officers. */
    @Test
    void prodRequiresASecondOfficerForTheDecisionsThatCannotBeUndone() {
        assertEquals("true", named(overlay("prod"), "ConfigMap", "request-service-config").path("data")
                .path("REQUESTS_FOUR_EYES_ENABLED").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev"})
    void devRunsOneReplicaOfEachService(String env) {
        for (ObjectNode deployment : ofKind(overlay(env), "Deployment")) {
            assertEquals(1, deployment.path("spec").path("replicas").asInt(), id(deployment));
        }
        assertEquals(List.of(), ofKind(overlay(env), "HorizontalPodAutoscaler"));
    }

    /**
     * TLS between the services: each serves HTTPS only, with a certificate for its Service's name from the internal CA
     * (cert-manager), and calls the others over HTTPS trusting that CA only (the TLS configuration "internal").
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theServicesSpeakOnlyTlsToEachOtherWithCertificatesFromTheInternalCa(String env) {
        List<ObjectNode> objects = overlay(env);
        ObjectNode ca = named(objects, "Certificate", "privacy-internal-ca");
        assertTrue(ca.path("spec").path("isCA").asBoolean(false), "the internal CA is a CA");
        assertEquals("privacy-selfsigned", ca.path("spec").path("issuerRef").path("name").asText());
        assertTrue(named(objects, "Issuer", "privacy-selfsigned").path("spec").has("selfSigned"));
        assertEquals(ca.path("spec").path("secretName").asText(),
                named(objects, "Issuer", "privacy-internal-ca").path("spec").path("ca").path("secretName").asText(),
                "the internal issuer signs with the CA's key");
        Pattern inClusterUrl = Pattern.compile("(https?)://(" + String.join("|", SERVICES) + "):(\\d+)");
        for (String service : SERVICES) {
            String who = env + " " + service;
            ObjectNode certificate = named(objects, "Certificate", service + "-tls");
            assertEquals("privacy-internal-ca", certificate.path("spec").path("issuerRef").path("name").asText(), who);
            assertEquals("Issuer", certificate.path("spec").path("issuerRef").path("kind").asText(), who);
            assertTrue(texts(certificate.path("spec").path("dnsNames")).contains(service), who + ": the certificate names the Service");
            assertTrue(texts(certificate.path("spec").path("usages")).contains("server auth"), who);

            JsonNode port = named(objects, "Service", service).path("spec").path("ports");
            assertEquals(1, port.size(), who + ": one port");
            assertEquals(8443, port.path(0).path("port").asInt(), who);
            JsonNode pod = named(objects, "Deployment", service).path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").path(0);
            String tlsVolume = null;
            for (JsonNode v : pod.path("volumes")) {
                if ((service + "-tls").equals(v.path("secret").path("secretName").asText())) {
                    tlsVolume = v.path("name").asText();
                }
            }
            assertTrue(tlsVolume != null, who + ": mounts its certificate's Secret");
            boolean mounted = false;
            for (JsonNode m : container.path("volumeMounts")) {
                mounted |= m.path("name").asText().equals(tlsVolume) && "/etc/tls".equals(m.path("mountPath").asText())
                        && m.path("readOnly").asBoolean(false);
            }
            assertTrue(mounted, who + ": certificate read-only at /etc/tls");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                assertEquals("HTTPS", container.path(probe).path("httpGet").path("scheme").asText(), who + " " + probe);
            }

            JsonNode config = named(objects, "ConfigMap", service + "-config").path("data");
            assertEquals("8443", config.path("QUARKUS_HTTP_SSL_PORT").asText(), who);
            assertEquals("disabled", config.path("QUARKUS_HTTP_INSECURE_REQUESTS").asText(), who + ": no plain HTTP");
            assertTrue(config.path("QUARKUS_HTTP_PORT").isMissingNode(), who + ": no plain HTTP port");
            Set<String> options = Set.of(config.path("JAVA_OPTS_APPEND").asText().split(" "));
            for (String option : List.of("-Dquarkus.http.tls-configuration-name=internal",
                    "-Dquarkus.tls.internal.key-store.pem.service.cert=/etc/tls/tls.crt",
                    "-Dquarkus.tls.internal.key-store.pem.service.key=/etc/tls/tls.key",
                    "-Dquarkus.tls.internal.trust-store.pem.certs=/etc/tls/ca.crt")) {
                assertTrue(options.contains(option), who + ": " + option);
            }
            assertTrue(options.stream().anyMatch(o -> o.startsWith("-Dquarkus.tls.internal.reload-period=")),
                    who + ": a renewed certificate is picked up without a restart");
            // Every call to another service: https on 8443, with the internal trust.
            config.fields().forEachRemaining(e -> {
                Matcher url = inClusterUrl.matcher(e.getValue().asText());
                while (url.find()) {
                    assertEquals("https", url.group(1), who + ": " + e.getKey() + " calls " + url.group(2) + " in clear");
                    assertEquals("8443", url.group(3), who + ": " + e.getKey());
                    Matcher client = Pattern.compile("QUARKUS_REST_CLIENT_(.+)_URL").matcher(e.getKey());
                    assertTrue(client.matches(), who + ": " + e.getKey());
                    String configKey = client.group(1).toLowerCase().replace('_', '-');
                    assertTrue(options.contains("-Dquarkus.rest-client." + configKey + ".tls-configuration-name=internal"),
                            who + ": REST client " + configKey + " must trust the internal CA");
                }
            });
        }
    }

    /** Keycloak's admin console is not public, its pod is hardened, and the realm records logins and admin changes. */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void keycloakExposesOnlyItsPublicPathsAndRunsHardened(String env) throws IOException {
        List<ObjectNode> objects = overlay(env);
        ObjectNode keycloak = named(objects, "Keycloak", "keycloak");
        assertFalse(keycloak.path("spec").path("ingress").path("enabled").asBoolean(true),
                env + ": the operator's Ingress routes every path, /admin/ included");
        assertTrue(keycloak.path("spec").path("hostname").path("admin").asText().startsWith("https://localhost:"),
                env + ": the admin console is reached by port-forward only");
        String host = java.net.URI.create(keycloak.path("spec").path("hostname").path("hostname").asText()).getHost();
        List<ObjectNode> toKeycloak = new ArrayList<>();
        for (ObjectNode ingress : ofKind(objects, "Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    if ("keycloak-service".equals(path.path("backend").path("service").path("name").asText())) {
                        toKeycloak.add(ingress);
                        assertEquals(host, rule.path("host").asText(), env + ": Keycloak's public hostname");
                        assertTrue(Set.of("/realms/", "/resources/").contains(path.path("path").asText()),
                                env + ": only /realms/ and /resources/ are public, not " + path.path("path").asText());
                        assertEquals("Prefix", path.path("pathType").asText());
                    }
                }
            }
        }
        assertFalse(toKeycloak.isEmpty(), env + ": no Ingress to Keycloak");
        assertTrue(texts(named(objects, "Ingress", "keycloak-public").path("spec").path("tls").path(0).path("hosts")).contains(host));

        JsonNode pod = keycloak.path("spec").path("unsupported").path("podTemplate").path("spec");
        assertFalse(pod.path("automountServiceAccountToken").asBoolean(true), env + ": Keycloak's service account token");
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(false), env + ": Keycloak runAsNonRoot");
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());
        JsonNode sc = pod.path("containers").path(0).path("securityContext");
        assertFalse(sc.path("allowPrivilegeEscalation").asBoolean(true), env + ": Keycloak allowPrivilegeEscalation");
        assertFalse(sc.path("privileged").asBoolean(false));
        assertEquals(List.of("ALL"), texts(sc.path("capabilities").path("drop")), env + ": Keycloak capabilities");

        JsonNode realm = Manifests.YAML.readTree(Files.readString(Manifests.ROOT.resolve("deploy/k8s/base/keycloak/realm-privacy.json")));
        assertTrue(realm.path("eventsEnabled").asBoolean(false), "login events recorded");
        assertTrue(realm.path("adminEventsEnabled").asBoolean(false), "admin events recorded");
        assertTrue(realm.path("eventsExpiration").asLong(0) > 0, "login events expire (they are personal data)");
        Set<String> types = Set.copyOf(texts(realm.path("enabledEventTypes")));
        for (String type : List.of("LOGIN", "LOGIN_ERROR", "CLIENT_LOGIN", "CLIENT_LOGIN_ERROR", "LOGOUT", "CODE_TO_TOKEN_ERROR")) {
            assertTrue(types.contains(type), "event type " + type);
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String property(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">").matcher(pom);
        if (!m.find()) {
            fail("root pom.xml has no <" + name + ">");
        }
        return m.group(1).trim();
    }

    /** The first container's environment variables taken from Secrets: name to {@code secret/key}. */
    private static Map<String, String> secretRefs(JsonNode deployment) {
        Map<String, String> refs = new TreeMap<>();
        deployment.path("spec").path("template").path("spec").path("containers").path(0).path("env").forEach(e -> {
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            if (!ref.isMissingNode()) {
                refs.put(e.path("name").asText(), ref.path("name").asText() + "/" + ref.path("key").asText());
            }
        });
        return refs;
    }

    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        if (selector.isMissingNode()) {
            return false;
        }
        boolean[] ok = {true};
        selector.path("matchLabels").fields().forEachRemaining(l -> ok[0] &= l.getValue().asText().equals(labels.get(l.getKey())));
        selector.path("matchExpressions").forEach(e -> {
            String value = labels.get(e.path("key").asText());
            switch (e.path("operator").asText()) {
                case "Exists" -> ok[0] &= value != null;
                case "DoesNotExist" -> ok[0] &= value == null;
                case "In" -> ok[0] &= texts(e.path("values")).contains(value);
                case "NotIn" -> ok[0] &= !texts(e.path("values")).contains(value);
                default -> fail("unknown operator " + e);
            }
        });
        return ok[0];
    }

    private static Map<String, String> servicePod(String service) {
        return Map.of("app.kubernetes.io/name", service, "app.kubernetes.io/part-of", "privacy-platform",
                "privacy-platform/kafka-client", "true");
    }

    private static Set<Integer> ports(JsonNode rule) {
        Set<Integer> ports = new HashSet<>();
        rule.path("ports").forEach(p -> ports.add(p.path("port").asInt()));
        return ports;
    }

    /** Ports that pods of one service may open to pods with the given labels (same namespace), by the egress rules. */
    private static Set<Integer> egressTo(List<ObjectNode> policies, String from, Map<String, String> target) {
        Set<Integer> ports = new HashSet<>();
        for (ObjectNode p : policies) {
            if (!selects(p.path("spec").path("podSelector"), servicePod(from))) {
                continue;
            }
            for (JsonNode rule : p.path("spec").path("egress")) {
                boolean match = !rule.has("to");
                for (JsonNode peer : rule.path("to")) {
                    match |= peer.has("podSelector") && !peer.has("namespaceSelector") && selects(peer.path("podSelector"), target);
                }
                if (match) {
                    ports.addAll(ports(rule));
                }
            }
        }
        return ports;
    }

    private static Set<Integer> egressPorts(List<ObjectNode> policies, String from, String to) {
        return egressTo(policies, from, servicePod(to));
    }

    private static Set<Integer> egressToLabel(List<ObjectNode> policies, String from, String key, String value) {
        return egressTo(policies, from, Map.of(key, value));
    }

    private static Set<Integer> ingressPorts(List<ObjectNode> policies, String to, String from) {
        Set<Integer> ports = new HashSet<>();
        for (ObjectNode p : policies) {
            if (!selects(p.path("spec").path("podSelector"), servicePod(to))) {
                continue;
            }
            for (JsonNode rule : p.path("spec").path("ingress")) {
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("podSelector") && !peer.has("namespaceSelector") && selects(peer.path("podSelector"), servicePod(from))) {
                        ports.addAll(ports(rule));
                    }
                }
            }
        }
        return ports;
    }

    /** Ports a service may open to addresses outside the cluster (ipBlock peers). */
    private static Set<Integer> externalEgressPorts(List<ObjectNode> policies, String from) {
        Set<Integer> ports = new HashSet<>();
        for (ObjectNode p : policies) {
            if (!selects(p.path("spec").path("podSelector"), servicePod(from))) {
                continue;
            }
            for (JsonNode rule : p.path("spec").path("egress")) {
                boolean external = !rule.has("to");
                for (JsonNode peer : rule.path("to")) {
                    external |= peer.has("ipBlock");
                }
                if (external) {
                    ports.addAll(ports(rule));
                }
            }
        }
        return ports;
    }
}
