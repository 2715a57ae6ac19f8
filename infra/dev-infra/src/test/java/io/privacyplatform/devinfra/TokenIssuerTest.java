package io.privacyplatform.devinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

class TokenIssuerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void mintsTokensVerifiableWithThePublishedJwks() throws Exception {
        Path keyDir = TestDirs.fresh("token-issuer");
        String kid;
        String issuerUrl;
        try (TokenIssuer issuer = TokenIssuer.start(keyDir, 0)) {
            issuerUrl = issuer.issuerUrl();
            assertEquals("http://127.0.0.1:" + issuer.port() + "/realms/privacy", issuerUrl);

            Map<String, Object> discovery = JsonUtil.parseJson(get(issuer.discoveryUrl(), 200));
            assertEquals(issuerUrl, discovery.get("issuer"));
            assertEquals(issuer.jwksUrl(), discovery.get("jwks_uri"));
            assertEquals(issuerUrl + "/token", discovery.get("token_endpoint"));

            JsonWebKeySet jwks = new JsonWebKeySet(get(issuer.jwksUrl(), 200));
            assertEquals(1, jwks.getJsonWebKeys().size());
            kid = jwks.getJsonWebKeys().get(0).getKeyId();
            assertTrue(!get(issuer.jwksUrl(), 200).contains("\"d\""), "JWKS must not publish the private key");
            JwtConsumer consumer = consumer(jwks, issuerUrl);

            String token = issuer.mint("subject-123", Set.of("data-subject", "dpo"), Duration.ofMinutes(5));
            JwtClaims claims = consumer.processToClaims(token);
            assertEquals("subject-123", claims.getSubject());
            assertEquals("subject-123", claims.getStringClaimValue("preferred_username"));
            assertEquals(Set.of("data-subject", "dpo"), Set.copyOf(claims.getStringListClaimValue("groups")));
            assertTrue(claims.getJwtId() != null && claims.getIssuedAt() != null);

            String viaHttp = get(issuerUrl + "/token?sub=alice&role=data-subject&role=support&ttl=60", 200);
            JwtClaims httpClaims = consumer.processToClaims(viaHttp.trim());
            assertEquals("alice", httpClaims.getSubject());
            assertEquals(List.of("data-subject", "support"), httpClaims.getStringListClaimValue("groups"));
            get(issuerUrl + "/token?role=dpo", 400);
            get(issuerUrl + "/token?sub=a&ttl=abc", 400);
            get(issuerUrl + "/nothing", 404);

            // another key signs: rejected
            Path otherDir = TestDirs.fresh("token-issuer-other");
            try (TokenIssuer other = TokenIssuer.start(otherDir, 0)) {
                String forged = TokenIssuer.mintOffline(otherDir, issuerUrl, "mallory", Set.of("dpo"), Duration.ofMinutes(5));
                assertThrows(InvalidJwtException.class, () -> consumer.processToClaims(forged));
            }
        }

        // restart: same key; offline mint uses it with the last issuer URL
        try (TokenIssuer again = TokenIssuer.start(keyDir, 0)) {
            JsonWebKeySet jwks = new JsonWebKeySet(get(again.jwksUrl(), 200));
            assertEquals(kid, jwks.getJsonWebKeys().get(0).getKeyId());
            String offline = TokenIssuer.mintOffline(keyDir, null, "bob", Set.of("dpo"), Duration.ofMinutes(1));
            JwtClaims claims = consumer(jwks, again.issuerUrl()).processToClaims(offline);
            assertEquals("bob", claims.getSubject());
        }
    }

    private static JwtConsumer consumer(JsonWebKeySet jwks, String issuer) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer(issuer)
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireJwtId()
                .build();
    }

    private String get(String url, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(expectedStatus, response.statusCode(), url + " -> " + response.body());
        return response.body();
    }
}
