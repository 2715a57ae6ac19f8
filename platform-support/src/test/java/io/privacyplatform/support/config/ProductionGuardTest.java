package io.privacyplatform.support.config;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProductionGuardTest {

    private static final String KEY = "NLS7/EvLOmDiQ3HlTpD5iioK8f4etP2N+8aZ0nLoi7g=";
    private static final String OTHER_KEY = "HlNdGghOi3GJlw1EGP5BgtGFVOzmqKjUEIfxja1PoLo=";

    /** A production configuration the guard accepts; each test breaks one setting. */
    private static Map<String, String> production() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.auth-server-url", "https://keycloak-service:8443/realms/privacy");
        config.put("quarkus.oidc-client.auth-server-url", "https://keycloak-service:8443/realms/privacy");
        config.put(ProductionGuard.KEYS, "requests.encryption.key,requests.encryption.retired-keys,requests.person-links.signing-key");
        config.put("requests.encryption.key", KEY);
        config.put("requests.person-links.signing-key", OTHER_KEY);
        config.put(ProductionGuard.PUBLIC_URLS, "requests.person-links.base-url");
        config.put("requests.person-links.base-url", "https://privacy.example.com");
        config.put("quarkus.devservices.enabled", "false");
        return config;
    }

    private static List<String> refusals(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500)).withProfile("prod").build();
        return ProductionGuard.refusals(config);
    }

    private static List<String> refusalsWith(String setting, String value) {
        Map<String, String> config = production();
        if (value == null) {
            config.remove(setting);
        } else {
            config.put(setting, value);
        }
        return refusals(config);
    }

    private static void refusedNaming(List<String> refusals, String setting, String reason, String secret) {
        assertEquals(1, refusals.size(), refusals.toString());
        assertTrue(refusals.get(0).startsWith(setting + " "), refusals.get(0));
        assertTrue(refusals.get(0).contains(reason), refusals.get(0));
        if (secret != null) {
            assertFalse(refusals.get(0).contains(secret), "the refusal quotes the value");
        }
    }

    @Test
    void aProductionConfigurationStarts() {
        assertEquals(List.of(), refusals(production()));
    }

    @Test
    void onlyTheProdProfileWithoutLocalIsGuarded() {
        assertTrue(ProductionGuard.enforced(List.of("prod")));
        assertFalse(ProductionGuard.enforced(List.of("local", "prod")));
        assertFalse(ProductionGuard.enforced(List.of("test")));
        assertFalse(ProductionGuard.enforced(List.of("dev")));
    }

    @Test
    void refusesTheLocalRunsIssuerAndAnyPlainHttpOrLoopbackIssuer() {
        refusedNaming(refusalsWith("quarkus.oidc.auth-server-url", "http://127.0.0.1:8180/realms/privacy"),
                "quarkus.oidc.auth-server-url", "development issuer (plain http", null);
        refusedNaming(refusalsWith("quarkus.oidc.auth-server-url", "http://keycloak:8080/realms/privacy"),
                "quarkus.oidc.auth-server-url", "plain http", null);
        refusedNaming(refusalsWith("quarkus.oidc.auth-server-url", "https://localhost:8443/realms/privacy"),
                "quarkus.oidc.auth-server-url", "loopback", null);
        refusedNaming(refusalsWith("quarkus.oidc-client.auth-server-url", "https://[::1]:8443/realms/privacy"),
                "quarkus.oidc-client.auth-server-url", "loopback", null);
        refusedNaming(refusalsWith("quarkus.oidc.token.issuer", "https://127.0.0.2/realms/privacy"),
                "quarkus.oidc.token.issuer", "loopback", null);
        refusedNaming(refusalsWith("quarkus.oidc.auth-server-url", null), "quarkus.oidc.auth-server-url", "missing", null);
    }

    @Test
    void refusesAMissingShortOrMalformedKeyWithoutQuotingIt() {
        refusedNaming(refusalsWith("requests.encryption.key", null), "requests.encryption.key", "is missing", null);
        refusedNaming(refusalsWith("requests.person-links.signing-key", "c2hvcnQta2V5"),
                "requests.person-links.signing-key", "too short (9 bytes", "c2hvcnQta2V5");
        refusedNaming(refusalsWith("requests.person-links.signing-key", "dev-key-protects-nothing-real!"),
                "requests.person-links.signing-key", "not base64", "dev-key-protects-nothing-real!");
        refusedNaming(refusalsWith("requests.encryption.retired-keys", OTHER_KEY + ",c2hvcnQ="),
                "requests.encryption.retired-keys", "too short", "c2hvcnQ=");
        assertEquals(List.of(), refusalsWith("requests.encryption.retired-keys", OTHER_KEY));
    }

    @Test
    void aStarStandsForEveryConfiguredName() {
        Map<String, String> config = production();
        config.put(ProductionGuard.KEYS, "retention.datastores.*.hash-key");
        config.put("retention.datastores.accounts.hash-key", KEY);
        config.put("retention.datastores.crm.hash-key", "c2hvcnQ=");
        refusedNaming(refusals(config), "retention.datastores.crm.hash-key", "too short", "c2hvcnQ=");
    }

    @Test
    void refusesForwardedHeadersBelievedFromAnyPeer() {
        Map<String, String> config = production();
        config.put("quarkus.http.proxy.proxy-address-forwarding", "true");
        refusedNaming(refusals(config), "quarkus.http.proxy.trusted-proxies", "any peer", null);
        config.put("quarkus.http.proxy.trusted-proxies", "10.42.0.0/16");
        assertEquals(List.of(), refusals(config));
    }

    @Test
    void refusesDevServices() {
        refusedNaming(refusalsWith("quarkus.devservices.enabled", "true"), "quarkus.devservices.enabled", "Dev Services", null);
        refusedNaming(refusalsWith("quarkus.kafka.devservices.enabled", "true"), "quarkus.kafka.devservices.enabled",
                "Dev Services", null);
    }

    @Test
    void refusesAMissingRelativeOrLocalPublicBaseUrl() {
        refusedNaming(refusalsWith("requests.person-links.base-url", null), "requests.person-links.base-url", "missing", null);
        refusedNaming(refusalsWith("requests.person-links.base-url", "/status"), "requests.person-links.base-url",
                "not an absolute URL", null);
        refusedNaming(refusalsWith("requests.person-links.base-url", "http://privacy.example.com"),
                "requests.person-links.base-url", "plain http", null);
        refusedNaming(refusalsWith("requests.person-links.base-url", "https://127.0.0.1:8081"),
                "requests.person-links.base-url", "loopback", null);
    }

    @Test
    void listsEveryRefusal() {
        Map<String, String> config = production();
        config.remove("requests.encryption.key");
        config.put("quarkus.oidc.auth-server-url", "http://127.0.0.1:8180/realms/privacy");
        assertEquals(2, refusals(config).size());
    }
}
