package io.privacyplatform.launchers;

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

    @Test
    void clientCredentialsGrantGivesRegisteredServiceClientsTheirRoles() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-clients"), 0)) {
            issuer.registerClient("privacy-backend", "s3cret", Set.of("platform"));
            JwtConsumer consumer = consumer(new JsonWebKeySet(get(issuer.jwksUrl(), 200)), issuer.issuerUrl());
            Map<String, Object> discovery = JsonUtil.parseJson(get(issuer.discoveryUrl(), 200));
            assertEquals(List.of("client_credentials"), discovery.get("grant_types_supported"));

            // client_secret_basic, at the discovered token endpoint
            String basic = java.util.Base64.getEncoder().encodeToString("privacy-backend:s3cret".getBytes());
            HttpResponse<String> viaBasic = post(issuer.tokenUrl(), "grant_type=client_credentials", "Basic " + basic);
            assertEquals(200, viaBasic.statusCode(), viaBasic.body());
            Map<String, Object> answer = JsonUtil.parseJson(viaBasic.body());
            assertEquals("Bearer", answer.get("token_type"));
            assertEquals(300L, ((Number) answer.get("expires_in")).longValue());
            JwtClaims claims = consumer.processToClaims((String) answer.get("access_token"));
            assertEquals("service-account-privacy-backend", claims.getSubject());
            assertEquals(List.of("platform"), claims.getStringListClaimValue("groups"));
            assertEquals("privacy-backend", claims.getStringClaimValue("azp"));

            // client_secret_post, at Keycloak's path
            HttpResponse<String> viaPost = post(issuer.issuerUrl() + "/protocol/openid-connect/token",
                    "grant_type=client_credentials&client_id=privacy-backend&client_secret=s3cret", null);
            assertEquals(200, viaPost.statusCode(), viaPost.body());

            HttpResponse<String> wrongSecret = post(issuer.tokenUrl(),
                    "grant_type=client_credentials&client_id=privacy-backend&client_secret=guess", null);
            assertEquals(401, wrongSecret.statusCode());
            assertEquals("invalid_client", JsonUtil.parseJson(wrongSecret.body()).get("error"));
            HttpResponse<String> unknown = post(issuer.tokenUrl(),
                    "grant_type=client_credentials&client_id=nobody&client_secret=s3cret", null);
            assertEquals(401, unknown.statusCode());
            HttpResponse<String> password = post(issuer.tokenUrl(),
                    "grant_type=password&username=a&password=b&client_id=privacy-backend&client_secret=s3cret", null);
            assertEquals(400, password.statusCode());
            assertEquals("unsupported_grant_type", JsonUtil.parseJson(password.body()).get("error"));
            // the GET endpoint of the local run is unchanged
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(issuer.tokenUrl() + "?sub=a")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private HttpResponse<String> post(String url, String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
