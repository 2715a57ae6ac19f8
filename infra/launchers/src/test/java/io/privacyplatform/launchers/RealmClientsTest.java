package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;

/** The built-in issuer issues what Keycloak does: {@link RealmClients} is the realm file's clients, roles and audiences. */
class RealmClientsTest {

    private static final Path REALM = Path.of("../../deploy/k8s/base/keycloak/realm-privacy.json");

    @Test
    @SuppressWarnings("unchecked")
    void theTableIsTheRealmFiles() throws Exception {
        Map<String, Object> realm = JsonUtil.parseJson(Files.readString(REALM));
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        for (Map<String, Object> mapping : (List<Map<String, Object>>) realm.get("scopeMappings")) {
            scopes.put((String) mapping.get("client"), Set.copyOf((List<String>) mapping.get("roles")));
        }
        List<RealmClients.Client> fromFile = new ArrayList<>();
        for (Map<String, Object> client : (List<Map<String, Object>>) realm.get("clients")) {
            String id = (String) client.get("clientId");
            List<String> audience = new ArrayList<>();
            for (Map<String, Object> mapper : (List<Map<String, Object>>) client.getOrDefault("protocolMappers", List.of())) {
                if ("oidc-audience-mapper".equals(mapper.get("protocolMapper"))) {
                    audience.add((String) ((Map<String, Object>) mapper.get("config")).get("included.custom.audience"));
                }
            }
            fromFile.add(new RealmClients.Client(id, !Boolean.TRUE.equals(client.get("publicClient")),
                    scopes.getOrDefault(id, Set.of()), audience));
        }
        assertEquals(fromFile, RealmClients.all());
    }
}
