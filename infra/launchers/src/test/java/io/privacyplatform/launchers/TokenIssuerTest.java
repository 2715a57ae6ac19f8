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
            // a data subject's token is the frontend's: its azp, and the services the frontend calls
            assertEquals("privacy-frontend", claims.getStringClaimValue("azp"));
            assertEquals(List.of("request-service", "consent-service", "retention-service"), claims.getAudience());
            assertEquals("subject-123", claims.getStringClaimValue("preferred_username"));
            assertEquals(Set.of("data-subject", "dpo"), Set.copyOf(claims.getStringListClaimValue("groups")));
            assertTrue(claims.getJwtId() != null && claims.getIssuedAt() != null);

            String viaHttp = get(issuerUrl + "/token?sub=alice&role=data-subject&role=support&ttl=60", 200);
            JwtClaims httpClaims = consumer.processToClaims(viaHttp.trim());
            assertEquals("alice", httpClaims.getSubject());
            assertEquals(List.of("data-subject", "support"), httpClaims.getStringListClaimValue("groups"));
            JwtClaims officer = consumer.processToClaims(get(issuerUrl + "/token?sub=dpo-1&role=privacy-officer", 200).trim());
            assertEquals("privacy-console", officer.getStringClaimValue("azp"));
            assertEquals(List.of("request-service", "partner-sync-service", "consent-service", "retention-service"),
                    officer.getAudience());
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
    void clientCredentialsGrantGivesRegisteredServiceClientsTheirRolesAndAudience() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-clients"), 0)) {
            issuer.registerClient(RealmClients.client("web-backend"), "s3cret");
            issuer.registerClient(RealmClients.client("billing-backend"), "b1lling");
            JwtConsumer consumer = consumer(new JsonWebKeySet(get(issuer.jwksUrl(), 200)), issuer.issuerUrl());
            Map<String, Object> discovery = JsonUtil.parseJson(get(issuer.discoveryUrl(), 200));
            assertEquals(List.of("client_credentials", "authorization_code"), discovery.get("grant_types_supported"));

            // client_secret_basic, at the discovered token endpoint
            String basic = java.util.Base64.getEncoder().encodeToString("web-backend:s3cret".getBytes());
            HttpResponse<String> viaBasic = post(issuer.tokenUrl(), "grant_type=client_credentials", "Basic " + basic);
            assertEquals(200, viaBasic.statusCode(), viaBasic.body());
            Map<String, Object> answer = JsonUtil.parseJson(viaBasic.body());
            assertEquals("Bearer", answer.get("token_type"));
            assertEquals(300L, ((Number) answer.get("expires_in")).longValue());
            JwtClaims claims = consumer.processToClaims((String) answer.get("access_token"));
            assertEquals("service-account-web-backend", claims.getSubject());
            assertEquals(Set.of("consent-recorder", "consent-checker", "unsubscribe-link-issuer", "inventory-recorder",
                    "connection-log-recorder"), Set.copyOf(claims.getStringListClaimValue("groups")));
            assertEquals("web-backend", claims.getStringClaimValue("azp"));
            assertEquals(List.of("consent-service", "retention-service"), claims.getAudience());
            // request-service and partner-sync-service are not its audience: they would refuse it
            JsonWebKeySet jwks = new JsonWebKeySet(get(issuer.jwksUrl(), 200));
            String webToken = (String) answer.get("access_token");
            assertThrows(InvalidJwtException.class, () -> consumer(jwks, issuer.issuerUrl(), "request-service").processToClaims(webToken));
            assertThrows(InvalidJwtException.class, () -> consumer(jwks, issuer.issuerUrl(), "partner-sync-service").processToClaims(webToken));

            // client_secret_post, at Keycloak's path: billing-backend, its own roles and audience
            HttpResponse<String> viaPost = post(issuer.issuerUrl() + "/protocol/openid-connect/token",
                    "grant_type=client_credentials&client_id=billing-backend&client_secret=b1lling", null);
            assertEquals(200, viaPost.statusCode(), viaPost.body());
            JwtClaims billing = consumer.processToClaims((String) JsonUtil.parseJson(viaPost.body()).get("access_token"));
            assertEquals(Set.of("processor-record-recorder", "inventory-recorder"), Set.copyOf(billing.getStringListClaimValue("groups")));
            assertEquals("billing-backend", billing.getStringClaimValue("azp"));
            assertEquals(List.of("partner-sync-service", "retention-service"), billing.getAudience());

            // one client's secret is not another's
            HttpResponse<String> crossed = post(issuer.tokenUrl(),
                    "grant_type=client_credentials&client_id=billing-backend&client_secret=s3cret", null);
            assertEquals(401, crossed.statusCode());
            HttpResponse<String> wrongSecret = post(issuer.tokenUrl(),
                    "grant_type=client_credentials&client_id=web-backend&client_secret=guess", null);
            assertEquals(401, wrongSecret.statusCode());
            assertEquals("invalid_client", JsonUtil.parseJson(wrongSecret.body()).get("error"));
            HttpResponse<String> unknown = post(issuer.tokenUrl(),
                    "grant_type=client_credentials&client_id=nobody&client_secret=s3cret", null);
            assertEquals(401, unknown.statusCode());
            HttpResponse<String> password = post(issuer.tokenUrl(),
                    "grant_type=password&username=a&password=b&client_id=web-backend&client_secret=s3cret", null);
            assertEquals(400, password.statusCode());
            assertEquals("unsupported_grant_type", JsonUtil.parseJson(password.body()).get("error"));
            // the GET endpoint of the local run is unchanged
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(issuer.tokenUrl() + "?sub=a")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void aClientNeverGetsARoleItWasNotGiven() throws Exception {
        Path keyDir = TestDirs.fresh("token-issuer-client-roles");
        try (TokenIssuer issuer = TokenIssuer.start(keyDir, 0)) {
            issuer.registerClient(RealmClients.client("web-backend"), "s3cret");
            JwtConsumer consumer = consumer(new JsonWebKeySet(get(issuer.jwksUrl(), 200)), issuer.issuerUrl());
            // asking for another client's role (binding a Stripe customer) or a person's changes nothing
            for (String scope : List.of("processor-record-recorder", "privacy-officer", "platform", "openid processor-record-recorder")) {
                HttpResponse<String> asked = post(issuer.tokenUrl(), "grant_type=client_credentials&client_id=web-backend"
                        + "&client_secret=s3cret&scope=" + enc(scope) + "&role=" + enc(scope), null);
                assertEquals(200, asked.statusCode(), asked.body());
                JwtClaims claims = consumer.processToClaims((String) JsonUtil.parseJson(asked.body()).get("access_token"));
                assertEquals(RealmClients.client("web-backend").roles(), Set.copyOf(claims.getStringListClaimValue("groups")), scope);
            }
            // the same in the long-lived tokens of tests and benchmarks, and offline
            JwtClaims minted = consumer.processToClaims(issuer.mintForClient("web-backend", Duration.ofHours(1)));
            assertEquals(RealmClients.client("web-backend").roles(), Set.copyOf(minted.getStringListClaimValue("groups")));
            assertEquals("web-backend", minted.getStringClaimValue("azp"));
            JwtClaims offline = consumer.processToClaims(TokenIssuer.mintClientOffline(keyDir, null, "billing-backend", Duration.ofMinutes(1)));
            assertEquals("service-account-billing-backend", offline.getSubject());
            assertEquals(RealmClients.client("billing-backend").roles(), Set.copyOf(offline.getStringListClaimValue("groups")));
            assertEquals(List.of("partner-sync-service", "retention-service"), offline.getAudience());
            assertThrows(IllegalArgumentException.class, () -> issuer.mintForClient("billing-backend", Duration.ofMinutes(1)),
                    "an unregistered client gets nothing");
            assertThrows(IllegalArgumentException.class, () -> TokenIssuer.mintClientOffline(keyDir, null, "privacy-console", Duration.ofMinutes(1)),
                    "a person's client has no client credentials");
            assertThrows(IllegalArgumentException.class, () -> TokenIssuer.mintClientOffline(keyDir, null, "privacy-backend", Duration.ofMinutes(1)),
                    "the realm has no privacy-backend any more");
        }
    }

    /** Every confidential client of the realm: its own roles (no two clients share a whole set) and the services it calls. */
    @Test
    void eachServiceAndBackendHasItsOwnClient() {
        Map<String, Set<String>> roles = new java.util.TreeMap<>();
        RealmClients.confidential().forEach(c -> roles.put(c.id(), c.roles()));
        assertEquals(Set.of("request-service", "partner-sync-service", "retention-service", "web-backend", "billing-backend"),
                roles.keySet());
        assertEquals(Set.of("subject-export-reader", "hold-reader", "contact-reader"), roles.get("request-service"));
        assertEquals(Set.of("rectification-reader", "contact-reader"), roles.get("partner-sync-service"));
        assertEquals(Set.of("rectification-reader"), roles.get("retention-service"));
        roles.values().forEach(r -> assertTrue(java.util.Collections.disjoint(r, Set.of("platform", "data-subject",
                "privacy-officer", "operator")), "no super-role, no person's role for a client: " + r));
    }

    private static final String CONSOLE = "http://127.0.0.1:8081/console/";
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-console-verifier";

    @Test
    void consoleSignsInWithAuthorizationCodeAndPkce() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-console"), 0)) {
            issuer.registerBrowserClient("privacy-console", Set.of(CONSOLE));
            Map<String, Object> discovery = JsonUtil.parseJson(get(issuer.discoveryUrl(), 200));
            assertEquals(issuer.issuerUrl() + "/protocol/openid-connect/auth", discovery.get("authorization_endpoint"));
            assertEquals(List.of("S256"), discovery.get("code_challenge_methods_supported"));

            String query = authorizationQuery("privacy-console", CONSOLE, TokenIssuer.s256(VERIFIER), "S256");
            String loginPage = get(issuer.authorizationUrl() + "?" + query, 200);
            assertTrue(loginPage.contains("<label for=\"username\">") && loginPage.contains("privacy-officer"), loginPage);
            assertTrue(loginPage.contains("value=\"st&amp;ate\""), "request values are escaped into the form");

            HttpResponse<String> signedIn = post(issuer.authorizationUrl(), query + "&username=dpo-1&role=privacy-officer", null);
            assertEquals(302, signedIn.statusCode(), signedIn.body());
            String location = signedIn.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith(CONSOLE + "?code="), location);
            assertTrue(location.endsWith("&state=st%26ate"), location);
            String code = location.substring((CONSOLE + "?code=").length(), location.indexOf("&state="));

            HttpResponse<String> exchanged = post(issuer.tokenUrl(), exchange("privacy-console", code, CONSOLE, VERIFIER), null);
            assertEquals(200, exchanged.statusCode(), exchanged.body());
            Map<String, Object> tokens = JsonUtil.parseJson(exchanged.body());
            JwtConsumer consumer = consumer(new JsonWebKeySet(get(issuer.jwksUrl(), 200)), issuer.issuerUrl());
            JwtClaims access = consumer.processToClaims((String) tokens.get("access_token"));
            assertEquals("dpo-1", access.getSubject());
            assertEquals(List.of("privacy-officer"), access.getStringListClaimValue("groups"));
            assertEquals("privacy-console", access.getStringClaimValue("azp"));
            assertEquals(List.of("request-service", "partner-sync-service", "consent-service", "retention-service"), access.getAudience());
            JwtClaims id = new JwtConsumerBuilder().setSkipAllValidators().setSkipSignatureVerification().build()
                    .processToClaims((String) tokens.get("id_token"));
            assertEquals("n-1", id.getStringClaimValue("nonce"));
            assertEquals(List.of("privacy-console"), id.getAudience());

            // a code works once
            HttpResponse<String> again = post(issuer.tokenUrl(), exchange("privacy-console", code, CONSOLE, VERIFIER), null);
            assertOAuthError(again, "invalid_grant");

            // the console's tokens carry only the console's roles: a data subject signing in there gets none
            HttpResponse<String> asSubject = post(issuer.authorizationUrl(), query + "&username=alice&role=data-subject", null);
            String subjectLocation = asSubject.headers().firstValue("Location").orElseThrow();
            String subjectCode = subjectLocation.substring((CONSOLE + "?code=").length(), subjectLocation.indexOf("&state="));
            HttpResponse<String> subjectTokens = post(issuer.tokenUrl(), exchange("privacy-console", subjectCode, CONSOLE, VERIFIER), null);
            assertEquals(200, subjectTokens.statusCode(), subjectTokens.body());
            JwtClaims subjectAccess = consumer.processToClaims((String) JsonUtil.parseJson(subjectTokens.body()).get("access_token"));
            assertEquals(List.of(), subjectAccess.getStringListClaimValue("groups"));
        }
    }

    @Test
    void authorizationRequestsOutsideTheRegistrationAreRefusedWithoutRedirect() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-console-refusals"), 0)) {
            issuer.registerBrowserClient("privacy-console", Set.of(CONSOLE));
            String challenge = TokenIssuer.s256(VERIFIER);
            for (String query : List.of(
                    authorizationQuery("somebody-else", CONSOLE, challenge, "S256"),
                    authorizationQuery("privacy-console", "http://127.0.0.1:8081/console/evil", challenge, "S256"),
                    authorizationQuery("privacy-console", "http://127.0.0.1:8081/console", challenge, "S256"),
                    authorizationQuery("privacy-console", "http://attacker.test/console/", challenge, "S256"),
                    authorizationQuery("privacy-console", CONSOLE, challenge, "S256").replace("client_id=", "x="))) {
                for (HttpResponse<String> refused : List.of(
                        http.send(HttpRequest.newBuilder(URI.create(issuer.authorizationUrl() + "?" + query)).GET().build(),
                                HttpResponse.BodyHandlers.ofString()),
                        post(issuer.authorizationUrl(), query + "&username=dpo&role=privacy-officer", null))) {
                    assertEquals(400, refused.statusCode(), query);
                    assertTrue(refused.headers().firstValue("Location").isEmpty(), "never a redirect: " + query);
                }
            }
            // a registered redirect URI gets the OAuth error: PKCE is required, S256 only
            for (String query : List.of(
                    authorizationQuery("privacy-console", CONSOLE, null, null),
                    authorizationQuery("privacy-console", CONSOLE, VERIFIER, "plain"),
                    authorizationQuery("privacy-console", CONSOLE, "short", "S256"))) {
                HttpResponse<String> refused = post(issuer.authorizationUrl(), query + "&username=dpo&role=privacy-officer", null);
                assertEquals(302, refused.statusCode(), query);
                assertTrue(refused.headers().firstValue("Location").orElseThrow().startsWith(CONSOLE + "?error=invalid_request&"));
            }
            // a role outside the local test users' is not issued
            HttpResponse<String> platformRole = post(issuer.authorizationUrl(),
                    authorizationQuery("privacy-console", CONSOLE, challenge, "S256") + "&username=x&role=platform", null);
            assertEquals(400, platformRole.statusCode());
            assertTrue(platformRole.headers().firstValue("Location").isEmpty());
        }
    }

    @Test
    void codeExchangeChecksClientRedirectVerifierAndLifetime() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-console-exchange"), 0)) {
            issuer.registerBrowserClient("privacy-console", Set.of(CONSOLE));
            issuer.registerBrowserClient("other-console", Set.of("http://127.0.0.1:9999/other/"));
            java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
                    new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-12-03T10:00:00Z"));
            issuer.clock(now::get);

            assertOAuthError(post(issuer.tokenUrl(), exchange("privacy-console", code(issuer), "http://127.0.0.1:8081/console/x", VERIFIER), null), "invalid_grant");
            assertOAuthError(post(issuer.tokenUrl(), exchange("privacy-console", code(issuer), CONSOLE, VERIFIER + "x"), null), "invalid_grant");
            assertOAuthError(post(issuer.tokenUrl(), exchange("other-console", code(issuer), CONSOLE, VERIFIER), null), "invalid_grant");
            assertOAuthError(post(issuer.tokenUrl(), exchange("nobody", code(issuer), CONSOLE, VERIFIER), null), "unauthorized_client");
            assertOAuthError(post(issuer.tokenUrl(), "grant_type=authorization_code&client_id=privacy-console&code="
                    + code(issuer) + "&redirect_uri=" + enc(CONSOLE), null), "invalid_request");
            // a failed exchange spends the code: the right verifier afterwards gets nothing
            String spent = code(issuer);
            assertOAuthError(post(issuer.tokenUrl(), exchange("privacy-console", spent, CONSOLE, VERIFIER + "x"), null), "invalid_grant");
            assertOAuthError(post(issuer.tokenUrl(), exchange("privacy-console", spent, CONSOLE, VERIFIER), null), "invalid_grant");

            // lifetime: valid at its last second, refused one second later
            String lastSecond = code(issuer);
            String late = code(issuer);
            now.set(now.get().plus(TokenIssuer.CODE_TTL));
            assertEquals(200, post(issuer.tokenUrl(), exchange("privacy-console", lastSecond, CONSOLE, VERIFIER), null).statusCode());
            now.set(now.get().plusSeconds(1));
            assertOAuthError(post(issuer.tokenUrl(), exchange("privacy-console", late, CONSOLE, VERIFIER), null), "invalid_grant");
        }
    }

    @Test
    void consoleOriginAloneGetsCorsOnDiscoveryAndToken() throws Exception {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-console-cors"), 0)) {
            issuer.registerBrowserClient("privacy-console", Set.of(CONSOLE));
            for (String url : List.of(issuer.tokenUrl(), issuer.issuerUrl() + "/protocol/openid-connect/token", issuer.discoveryUrl())) {
                HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(url))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://127.0.0.1:8081")
                        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(204, preflight.statusCode(), url);
                assertEquals("http://127.0.0.1:8081", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
                HttpResponse<String> stranger = http.send(HttpRequest.newBuilder(URI.create(url))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "http://attacker.test").build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(stranger.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), url);
            }
            HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(URI.create(issuer.discoveryUrl()))
                    .header("Origin", "http://127.0.0.1:8081").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("http://127.0.0.1:8081", discovery.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        }
    }

    @Test
    void browserClientsNeedExactRedirectUris() {
        try (TokenIssuer issuer = TokenIssuer.start(TestDirs.fresh("token-issuer-console-registration"), 0)) {
            assertThrows(IllegalArgumentException.class, () -> issuer.registerBrowserClient("c", Set.of("http://127.0.0.1:8081/*")));
            assertThrows(IllegalArgumentException.class, () -> issuer.registerBrowserClient("c", Set.of("/console/")));
            assertThrows(IllegalArgumentException.class, () -> issuer.registerBrowserClient("c", Set.of()));
        }
    }

    /** Signs in as dpo-1 with the test verifier's challenge; the code. */
    private String code(TokenIssuer issuer) throws Exception {
        HttpResponse<String> signedIn = post(issuer.authorizationUrl(), authorizationQuery("privacy-console", CONSOLE,
                TokenIssuer.s256(VERIFIER), "S256") + "&username=dpo-1&role=privacy-officer", null);
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        return location.substring(location.indexOf("code=") + 5, location.indexOf("&state="));
    }

    private static String authorizationQuery(String clientId, String redirectUri, String challenge, String method) {
        StringBuilder query = new StringBuilder("response_type=code&client_id=").append(enc(clientId))
                .append("&redirect_uri=").append(enc(redirectUri)).append("&state=").append(enc("st&ate"))
                .append("&nonce=n-1&scope=openid");
        if (challenge != null) {
            query.append("&code_challenge=").append(enc(challenge));
        }
        if (method != null) {
            query.append("&code_challenge_method=").append(method);
        }
        return query.toString();
    }

    private static String exchange(String clientId, String code, String redirectUri, String verifier) {
        return "grant_type=authorization_code&client_id=" + enc(clientId) + "&code=" + enc(code)
                + "&redirect_uri=" + enc(redirectUri) + "&code_verifier=" + enc(verifier);
    }

    private static String enc(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void assertOAuthError(HttpResponse<String> response, String error) throws Exception {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(error, JsonUtil.parseJson(response.body()).get("error"));
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

    private static final String[] SERVICES = {"request-service", "consent-service", "retention-service", "partner-sync-service"};

    /** What any of the four services accepts (its own name in aud): {@code services} default to all four. */
    private static JwtConsumer consumer(JsonWebKeySet jwks, String issuer, String... services) {
        return new JwtConsumerBuilder()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .setExpectedIssuer(issuer)
                .setExpectedAudience(true, services.length == 0 ? SERVICES : services)
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
