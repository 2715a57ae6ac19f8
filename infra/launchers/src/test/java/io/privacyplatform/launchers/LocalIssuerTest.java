package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

/** The built-in issuer of a local platform: every client of the realm with its own secret, kept across restarts. */
class LocalIssuerTest {

    @Test
    void eachConfidentialClientHasItsOwnSecretAndOnlyItsRoles() throws Exception {
        Path workDir = TestDirs.fresh("local-issuer");
        Map<String, String> secrets = new java.util.TreeMap<>();
        try (LocalIssuer issuer = LocalIssuer.builtIn(workDir, 0)) {
            for (RealmClients.Client client : RealmClients.confidential()) {
                LocalIssuer.ServiceClient registered = issuer.client(client.id());
                assertEquals(client.id(), registered.clientId());
                secrets.put(client.id(), registered.secret());
                JwtClaims claims = claims(issuer.clientToken(client.id()));
                assertEquals(client.id(), claims.getStringClaimValue("azp"));
                assertEquals(client.roles(), Set.copyOf(claims.getStringListClaimValue("groups")));
                assertEquals(client.audience(), claims.getAudience());
            }
            assertEquals(secrets.size(), new HashSet<>(secrets.values()).size(), "no two clients share a secret");
            assertThrows(IllegalArgumentException.class, () -> issuer.client("privacy-backend"));
            assertThrows(IllegalArgumentException.class, () -> issuer.client(RealmClients.CONSOLE), "a public client has no secret");

            // LocalPlatform gives each service its own client
            Map<String, String> config = LocalPlatform.serviceTokenConfig(issuer, "partner-sync-service");
            assertEquals("partner-sync-service", config.get("quarkus.oidc-client.client-id"));
            assertEquals(secrets.get("partner-sync-service"), config.get("quarkus.oidc-client.credentials.secret"));
            assertNotEquals(secrets.get("request-service"), config.get("quarkus.oidc-client.credentials.secret"));

            // a person's token: the client such a person signs in through
            JwtClaims subject = claims(issuer.token("alice", Set.of("data-subject")));
            assertEquals("privacy-frontend", subject.getStringClaimValue("azp"));
            JwtClaims officer = claims(issuer.token("dpo-1", Set.of("privacy-officer")));
            assertEquals("privacy-console", officer.getStringClaimValue("azp"));
            assertEquals(List.of("request-service", "partner-sync-service", "consent-service", "retention-service"), officer.getAudience());
        }
        try (LocalIssuer again = LocalIssuer.builtIn(workDir, 0)) {
            secrets.forEach((client, secret) -> assertEquals(secret, again.client(client).secret(), client + ": kept across restarts"));
        }
    }

    private static JwtClaims claims(String token) throws Exception {
        return new JwtConsumerBuilder().setSkipAllValidators().setSkipSignatureVerification().build().processToClaims(token);
    }
}
