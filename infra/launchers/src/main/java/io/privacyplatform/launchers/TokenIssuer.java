package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A minimal local OpenID Connect issuer for the local run and the system test (a stand-in for Keycloak, which
 * needs Java 21). It only binds 127.0.0.1, and its {@code /token} endpoint hands a token with any subject and
 * roles to anyone who can reach it: local development and tests only, never deployed.
 * <p>
 * Issuer URL: {@code http://127.0.0.1:<port>/realms/privacy} (Keycloak's URL shape, so a service configures
 * {@code quarkus.oidc.auth-server-url} the same way for both). Under it:
 * <ul>
 * <li>{@code /.well-known/openid-configuration}: discovery (issuer, jwks_uri, token_endpoint...)</li>
 * <li>{@code /jwks}: the public signing key</li>
 * <li>{@code GET /token?sub=alice&role=data-subject&role=...[&ttl=seconds]}: a signed access token, as text, of the
 * realm's client a person with those roles signs in through ({@link RealmClients#personClient}: {@code azp} and
 * {@code aud} of {@code privacy-frontend} for a data subject, of {@code privacy-console} otherwise)</li>
 * <li>{@code POST /token} (also at Keycloak's {@code /protocol/openid-connect/token}) with
 * {@code grant_type=client_credentials}: the OAuth 2.0 client credentials grant for the service clients registered with
 * {@link #registerClient} (secret as HTTP Basic or {@code client_id}/{@code client_secret} form fields), answering
 * {@code {"access_token","token_type":"Bearer","expires_in"}}. The token's {@code sub} and
 * {@code preferred_username} are {@code service-account-<client id>} (Keycloak's service account name), {@code azp}
 * and {@code client_id} the client id, {@code groups} the client's registered roles and nothing else (a requested
 * {@code scope} changes nothing), {@code aud} the services it was registered to call. A wrong secret gets 401
 * {@code invalid_client}, another grant type 400 {@code unsupported_grant_type}.</li>
 * </ul>
 * Tokens: RS256, claims {@code iss, sub, iat, exp, jti, groups} (the roles: quarkus-oidc reads roles from
 * {@code groups}), {@code preferred_username}, {@code azp} (the client the token was issued to) and {@code aud} (the
 * services that client calls, as the realm's audience mappers put them), so that the services' audience and
 * allowed-client checks treat them as Keycloak's. The RSA 2048 key is generated on first start and kept in the
 * key directory ({@value #KEY_FILE}), with the issuer URL of the last start ({@value #ISSUER_FILE}), so the
 * offline {@code mint} command signs tokens that a running issuer's services accept.
 * <p>
 * Command line: {@code TokenIssuer mint --key-dir DIR --sub S [--role R]... [--ttl SECONDS] [--issuer URL]}
 * prints a person's token; {@code TokenIssuer mint --key-dir DIR --client CLIENT [--ttl SECONDS]} a confidential
 * client's (its roles from {@link RealmClients}, {@code sub service-account-<client>}, no other role);
 * {@code TokenIssuer serve --key-dir DIR [--port P]} runs the issuer until interrupted.
 */
public final class TokenIssuer implements AutoCloseable {

    public static final String REALM_PATH = "/realms/privacy";
    public static final String KEY_FILE = "signing-key.jwk.json";
    public static final String ISSUER_FILE = "issuer-url";
    private static final Duration DEFAULT_TTL = Duration.ofHours(1);
    private static final Duration MAX_TTL = Duration.ofDays(1);

    /** Lifetime of client credentials tokens (clients fetch a new one when it runs out). */
    static final Duration CLIENT_TOKEN_TTL = Duration.ofMinutes(5);
    public static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

    /** Keycloak's path of the authorization endpoint, under the realm. */
    public static final String AUTHORIZATION_PATH = REALM_PATH + "/protocol/openid-connect/auth";
    /** The roles a local test user may choose on the login page. */
    public static final List<String> LOGIN_ROLES = List.of("privacy-officer", "operator", "data-subject");
    /** Lifetime of an authorization code (it is exchanged at once by the page that received it). */
    static final Duration CODE_TTL = Duration.ofSeconds(60);
    /** Lifetime of a browser client's token (the console signs in again when it runs out). */
    static final Duration BROWSER_TOKEN_TTL = Duration.ofMinutes(30);
    private static final java.util.regex.Pattern PKCE_VALUE = java.util.regex.Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final HttpServer server;
    private final Signer signer;
    private final int port;
    private final Map<String, ServiceClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, BrowserClient> browserClients = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, IssuedCode> codes = new java.util.concurrent.ConcurrentHashMap<>();
    /** "Now" for the codes' lifetime; tests move it. */
    private volatile java.util.function.Supplier<java.time.Instant> now = java.time.Instant::now;

    /** A confidential client allowed to use the client credentials grant: its roles and the services it calls. */
    private record ServiceClient(String secret, Set<String> roles, List<String> audience) {
    }

    /**
     * A public client of the authorization code grant with PKCE: its exact redirect URIs and their origins (CORS), and,
     * for a client of the realm, the roles its tokens may carry and their audience (null roles: any role).
     */
    private record BrowserClient(Set<String> redirectUris, Set<String> origins, Set<String> roles, List<String> audience) {
    }

    /** A one-time code and what it was issued for. */
    private record IssuedCode(String clientId, String redirectUri, String challenge, String nonce, String subject,
                              String role, java.time.Instant expiresAt) {
    }

    private TokenIssuer(HttpServer server, Signer signer, int port) {
        this.server = server;
        this.signer = signer;
        this.port = port;
    }

    /** Starts the issuer on 127.0.0.1:{@code port} (0 = any free port), key kept in {@code keyDir}. */
    public static TokenIssuer start(Path keyDir, int port) {
        Path dir = keyDir.toAbsolutePath().normalize();
        RsaJsonWebKey key = loadOrCreateKey(dir);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(FreePorts.loopback(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the token issuer on 127.0.0.1:" + port, e);
        }
        int actualPort = server.getAddress().getPort();
        String issuer = "http://127.0.0.1:" + actualPort + REALM_PATH;
        Signer signer = new Signer(key, issuer);
        TokenIssuer tokenIssuer = new TokenIssuer(server, signer, actualPort);
        server.createContext("/", tokenIssuer::handle);
        server.start();
        ProcessSupport.writeAtomically(dir.resolve(ISSUER_FILE), issuer + "\n");
        ProcessSupport.LOG.log(Level.INFO, "Token issuer at {0} (local development only)", issuer);
        return tokenIssuer;
    }

    /** {@code http://127.0.0.1:<port>/realms/privacy}: the value of quarkus.oidc.auth-server-url and of iss. */
    public String issuerUrl() {
        return signer.issuer;
    }

    public String jwksUrl() {
        return issuerUrl() + "/jwks";
    }

    public String discoveryUrl() {
        return issuerUrl() + "/.well-known/openid-configuration";
    }

    public int port() {
        return port;
    }

    /**
     * A person's signed access token for {@code subject} with {@code roles} in the {@code groups} claim, issued to the
     * realm's client such a person signs in through ({@link RealmClients#personClient}: its {@code azp} and {@code aud}).
     * The roles are not checked: a test can mint a token the services must refuse.
     */
    public String mint(String subject, Set<String> roles, Duration ttl) {
        return signer.mint(subject, roles, ttl);
    }

    /**
     * A token of the confidential client {@code clientId} registered with {@link #registerClient}, as its client
     * credentials grant gives it, valid {@code ttl} (tests and benchmarks that run longer than a client token lives).
     */
    public String mintForClient(String clientId, Duration ttl) {
        ServiceClient client = clients.get(clientId);
        if (client == null) {
            throw new IllegalArgumentException("no registered client " + clientId);
        }
        return signer.clientToken(clientId, client.roles(), client.audience(), ttl);
    }

    /**
     * Lets {@code clientId} obtain tokens with the client credentials grant, carrying {@code roles} in {@code groups}
     * (as Keycloak gives a service account its realm roles) and nothing else, with {@code audience} in {@code aud}
     * (the services it calls, as the realm's audience mappers). Registering a client again replaces it.
     */
    public TokenIssuer registerClient(String clientId, String secret, Set<String> roles, List<String> audience) {
        if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a client needs an id and a secret");
        }
        clients.put(clientId, new ServiceClient(secret, Set.copyOf(roles), List.copyOf(audience)));
        return this;
    }

    /**
     * As {@link #registerClient(String, String, Set, List)}, with the audience the realm gives {@code clientId}
     * ({@link RealmClients}), none for a client the realm does not have.
     */
    public TokenIssuer registerClient(String clientId, String secret, Set<String> roles) {
        return registerClient(clientId, secret, roles,
                RealmClients.exists(clientId) ? RealmClients.client(clientId).audience() : List.of());
    }

    /** Registers the realm's confidential client (its roles and audience) with {@code secret}. */
    public TokenIssuer registerClient(RealmClients.Client client, String secret) {
        if (!client.confidential()) {
            throw new IllegalArgumentException(client.id() + " is a public client");
        }
        return registerClient(client.id(), secret, client.roles(), client.audience());
    }

    /**
     * Lets the public client {@code clientId} sign users in with the authorization code grant and PKCE (S256), to
     * exactly these redirect URIs; their origins get CORS on the discovery and token endpoints. Registering a client
     * again replaces it.
     */
    public TokenIssuer registerBrowserClient(String clientId, Set<String> redirectUris) {
        if (clientId == null || clientId.isBlank() || redirectUris.isEmpty()) {
            throw new IllegalArgumentException("a browser client needs an id and at least one redirect URI");
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String redirectUri : redirectUris) {
            java.net.URI uri = java.net.URI.create(redirectUri);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getFragment() != null || redirectUri.contains("*")) {
                throw new IllegalArgumentException("a redirect URI must be absolute and exact: " + redirectUri);
            }
            origins.add(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        }
        // A client of the realm issues only its roles (Keycloak: full scope off, the client's scope mappings).
        RealmClients.Client realm = RealmClients.exists(clientId) ? RealmClients.client(clientId) : null;
        browserClients.put(clientId, new BrowserClient(Set.copyOf(redirectUris), Set.copyOf(origins),
                realm == null ? null : realm.roles(), realm == null ? List.of() : realm.audience()));
        return this;
    }

    /** Replaces the clock of the codes' lifetime (tests). */
    void clock(java.util.function.Supplier<java.time.Instant> clock) {
        this.now = clock;
    }

    /** The authorization endpoint (the login page of browser clients). */
    public String authorizationUrl() {
        return "http://127.0.0.1:" + port + AUTHORIZATION_PATH;
    }

    /** The token endpoint (client credentials: POST). */
    public String tokenUrl() {
        return issuerUrl() + "/token";
    }

    /**
     * Mints a token offline from the key kept in {@code keyDir}.
     *
     * @param issuer the issuer URL to put in iss; null = the one of the issuer's last start in that directory
     */
    public static String mintOffline(Path keyDir, String issuer, String subject, Set<String> roles, Duration ttl) {
        return signer(keyDir, issuer).mint(subject, roles, ttl);
    }

    private static Signer signer(Path keyDir, String issuer) {
        Path dir = keyDir.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(KEY_FILE))) {
            throw new IllegalStateException("no signing key in " + dir + ": start the token issuer once first");
        }
        String iss = issuer;
        if (iss == null) {
            try {
                iss = Files.readString(dir.resolve(ISSUER_FILE), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalStateException("no issuer URL in " + dir + ": pass --issuer", e);
            }
        }
        return new Signer(loadOrCreateKey(dir), iss);
    }

    /**
     * Mints offline the token the realm's confidential client {@code clientId} gets by client credentials: its roles
     * ({@link RealmClients}) and nothing else, its audience.
     *
     * @param issuer the issuer URL to put in iss; null = the one of the issuer's last start in that directory
     */
    public static String mintClientOffline(Path keyDir, String issuer, String clientId, Duration ttl) {
        RealmClients.Client client = RealmClients.client(clientId);
        if (!client.confidential()) {
            throw new IllegalArgumentException(clientId + " is a public client: a person signs in through it (--sub, --role)");
        }
        return signer(keyDir, issuer).clientToken(clientId, client.roles(), client.audience(), ttl);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    @Override
    public String toString() {
        return "TokenIssuer[" + issuerUrl() + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            boolean tokenPath = (REALM_PATH + "/token").equals(path)
                    || (REALM_PATH + "/protocol/openid-connect/token").equals(path);
            boolean discoveryPath = (REALM_PATH + "/.well-known/openid-configuration").equals(path);
            String method = exchange.getRequestMethod();
            if (tokenPath || discoveryPath) {
                allowBrowserOrigin(exchange);
            }
            if ("OPTIONS".equals(method) && (tokenPath || discoveryPath)) {
                exchange.getResponseHeaders().set("Access-Control-Allow-Methods", tokenPath ? "POST" : "GET");
                exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                exchange.getResponseHeaders().set("Access-Control-Max-Age", "600");
                exchange.sendResponseHeaders(204, -1);
            } else if (AUTHORIZATION_PATH.equals(path) && ("GET".equals(method) || "POST".equals(method))) {
                handleAuthorization(exchange);
            } else if ("POST".equals(method) && tokenPath) {
                handleTokenGrant(exchange);
            } else if (!"GET".equals(method)) {
                respond(exchange, 405, "text/plain", "method not allowed\n");
            } else if ((REALM_PATH + "/.well-known/openid-configuration").equals(path)) {
                respond(exchange, 200, "application/json", discoveryDocument());
            } else if ((REALM_PATH + "/jwks").equals(path)) {
                respond(exchange, 200, "application/json", signer.jwks());
            } else if ((REALM_PATH + "/token").equals(path)) {
                handleToken(exchange);
            } else {
                respond(exchange, 404, "text/plain", "not found\n");
            }
        }
    }

    private void handleToken(HttpExchange exchange) throws IOException {
        Map<String, List<String>> query = parseQuery(exchange.getRequestURI().getRawQuery());
        List<String> subjects = query.getOrDefault("sub", List.of());
        if (subjects.size() != 1 || subjects.get(0).isBlank()) {
            respond(exchange, 400, "text/plain", "exactly one non-empty 'sub' parameter is required\n");
            return;
        }
        Duration ttl = DEFAULT_TTL;
        List<String> ttlParam = query.getOrDefault("ttl", List.of());
        if (!ttlParam.isEmpty()) {
            try {
                ttl = Duration.ofSeconds(Long.parseLong(ttlParam.get(0)));
            } catch (NumberFormatException e) {
                respond(exchange, 400, "text/plain", "'ttl' must be a number of seconds\n");
                return;
            }
            if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
                respond(exchange, 400, "text/plain", "'ttl' must be between 1 and " + MAX_TTL.toSeconds() + "\n");
                return;
            }
        }
        Set<String> roles = new LinkedHashSet<>(query.getOrDefault("role", List.of()));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        respond(exchange, 200, "text/plain", mint(subjects.get(0), roles, ttl));
    }

    private void handleTokenGrant(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> form = parseQuery(body);
        String grantType = first(form, "grant_type");
        if ("client_credentials".equals(grantType)) {
            handleClientCredentials(exchange, form);
        } else if ("authorization_code".equals(grantType)) {
            handleAuthorizationCode(exchange, form);
        } else {
            respond(exchange, 400, "application/json", oauthError("unsupported_grant_type",
                    "only grant_type=client_credentials and authorization_code are served here"));
        }
    }

    private void handleClientCredentials(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        String clientId = first(form, "client_id");
        String secret = first(form, "client_secret");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                // RFC 6749 2.3.1: id and secret are form-encoded before Basic encoding.
                clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
                secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            }
        }
        ServiceClient client = clientId == null ? null : clients.get(clientId);
        if (client == null || secret == null || !java.security.MessageDigest.isEqual(
                client.secret().getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"privacy\"");
            respond(exchange, 401, "application/json", oauthError("invalid_client", "unknown client or wrong secret"));
            return;
        }
        String token = signer.clientToken(clientId, client.roles(), client.audience(), CLIENT_TOKEN_TTL);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", CLIENT_TOKEN_TTL.toSeconds());
        respond(exchange, 200, "application/json", JsonUtil.toJson(answer));
    }

    /** The code exchange: the code once, in time, for the same client and redirect URI, with the PKCE verifier. */
    private void handleAuthorizationCode(HttpExchange exchange, Map<String, List<String>> form) throws IOException {
        String clientId = single(form, "client_id");
        String code = single(form, "code");
        String redirectUri = single(form, "redirect_uri");
        String verifier = single(form, "code_verifier");
        if (clientId == null || code == null || redirectUri == null || verifier == null) {
            respond(exchange, 400, "application/json", oauthError("invalid_request",
                    "client_id, code, redirect_uri and code_verifier are required, once each"));
            return;
        }
        if (!browserClients.containsKey(clientId)) {
            respond(exchange, 400, "application/json", oauthError("unauthorized_client",
                    "this client may not use the authorization code grant"));
            return;
        }
        IssuedCode issued = codes.remove(code);
        if (issued == null || issued.expiresAt().isBefore(now.get())) {
            respond(exchange, 400, "application/json", oauthError("invalid_grant", "unknown, used or expired code"));
            return;
        }
        if (!issued.clientId().equals(clientId) || !issued.redirectUri().equals(redirectUri)
                || !PKCE_VALUE.matcher(verifier).matches() || !issued.challenge().equals(s256(verifier))) {
            respond(exchange, 400, "application/json", oauthError("invalid_grant",
                    "the code was issued for another client, redirect URI or code challenge"));
            return;
        }
        BrowserClient client = browserClients.get(clientId);
        Set<String> roles = client.roles() == null || client.roles().contains(issued.role()) ? Set.of(issued.role()) : Set.of();
        Map<String, String> idClaims = issued.nonce() == null ? Map.of() : Map.of("nonce", issued.nonce());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", signer.mint(issued.subject(), roles, BROWSER_TOKEN_TTL, clientId, client.audience(), Map.of()));
        answer.put("id_token", signer.mint(issued.subject(), roles, BROWSER_TOKEN_TTL, clientId, List.of(clientId), idClaims));
        answer.put("token_type", "Bearer");
        answer.put("expires_in", BROWSER_TOKEN_TTL.toSeconds());
        answer.put("scope", "openid");
        respond(exchange, 200, "application/json", JsonUtil.toJson(answer));
    }

    /**
     * GET: the login page for a valid authorization request; POST (the page's form): a one-time code and the redirect.
     * Nothing is ever redirected before the client and its exact redirect URI are known.
     */
    private void handleAuthorization(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean submitted = "POST".equals(exchange.getRequestMethod());
        Map<String, List<String>> params = submitted
                ? parseQuery(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                : parseQuery(exchange.getRequestURI().getRawQuery());
        String clientId = single(params, "client_id");
        String redirectUri = single(params, "redirect_uri");
        BrowserClient client = clientId == null ? null : browserClients.get(clientId);
        if (client == null) {
            loginError(exchange, "unauthorized_client", "Unknown client / client inconnu.");
            return;
        }
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            loginError(exchange, "invalid_request", "This redirect URI is not registered for the client / "
                    + "cette adresse de retour n'est pas enregistrée pour ce client.");
            return;
        }
        String state = single(params, "state");
        String nonce = single(params, "nonce");
        String challenge = single(params, "code_challenge");
        if (!"code".equals(single(params, "response_type"))) {
            redirectError(exchange, redirectUri, state, "unsupported_response_type", "only response_type=code");
            return;
        }
        if (challenge == null || !PKCE_VALUE.matcher(challenge).matches()
                || !"S256".equals(single(params, "code_challenge_method"))) {
            redirectError(exchange, redirectUri, state, "invalid_request", "PKCE with code_challenge_method=S256 is required");
            return;
        }
        if (!submitted) {
            respondPage(exchange, 200, loginPage(params, null));
            return;
        }
        String username = single(params, "username");
        String role = single(params, "role");
        if (username == null || username.isBlank() || username.length() > 100 || !LOGIN_ROLES.contains(role)) {
            respondPage(exchange, 400, loginPage(params, "Choisissez un nom d'utilisateur et un rôle. / "
                    + "Choose a user name and a role."));
            return;
        }
        java.time.Instant issuedAt = now.get();
        codes.values().removeIf(issued -> issued.expiresAt().isBefore(issuedAt));
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String code = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        codes.put(code, new IssuedCode(clientId, redirectUri, challenge, nonce, username.strip(), role, issuedAt.plus(CODE_TTL)));
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("code=").append(code);
        if (state != null) {
            location.append("&state=").append(java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    /** RFC 6749 4.1.2.1: once the redirect URI is known to be registered, errors go back to it. */
    private static void redirectError(HttpExchange exchange, String redirectUri, String state, String error,
                                      String description) throws IOException {
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?')
                .append("error=").append(error)
                .append("&error_description=").append(java.net.URLEncoder.encode(description, StandardCharsets.UTF_8));
        if (state != null) {
            location.append("&state=").append(java.net.URLEncoder.encode(state, StandardCharsets.UTF_8));
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
    }

    private static void loginError(HttpExchange exchange, String error, String text) throws IOException {
        respondPage(exchange, 400, page("<h1>" + error + "</h1>\n<p role=\"alert\">" + html(text) + "</p>"));
    }

    private static String loginPage(Map<String, List<String>> params, String problem) {
        StringBuilder form = new StringBuilder();
        if (problem != null) {
            form.append("<p role=\"alert\" class=\"problem\">").append(html(problem)).append("</p>\n");
        }
        form.append("<form method=\"post\" action=\"").append(AUTHORIZATION_PATH).append("\">\n");
        for (String name : List.of("client_id", "redirect_uri", "response_type", "state", "nonce", "code_challenge",
                "code_challenge_method", "scope")) {
            String value = single(params, name);
            if (value != null) {
                form.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(html(value))
                        .append("\">\n");
            }
        }
        form.append("<p><label for=\"username\">Nom d'utilisateur (user name)</label><br>")
                .append("<input id=\"username\" name=\"username\" autocomplete=\"username\" required maxlength=\"100\"")
                .append(" value=\"").append(html(single(params, "username") == null ? "" : single(params, "username")))
                .append("\"></p>\n<fieldset><legend>Rôle (role)</legend>\n");
        for (String role : LOGIN_ROLES) {
            form.append("<p><input type=\"radio\" name=\"role\" id=\"role-").append(role).append("\" value=\"")
                    .append(role).append('"').append(role.equals(LOGIN_ROLES.get(0)) ? " checked" : "")
                    .append("> <label for=\"role-").append(role).append("\">").append(role).append("</label></p>\n");
        }
        form.append("</fieldset>\n<p><button type=\"submit\" id=\"sign-in\">Se connecter (sign in)</button></p>\n</form>");
        return page("<h1>Connexion locale de test (local test sign-in)</h1>\n"
                + "<p>Émetteur de jetons local, pour le développement et les tests uniquement : aucun mot de passe. "
                + "(Local token issuer for development and tests only: no password.)</p>\n" + form);
    }

    private static String page(String main) {
        return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>Connexion locale - privacy platform</title>\n"
                + "<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
                + "input[type=text],input:not([type]){font-size:1rem;padding:.3rem;width:100%;box-sizing:border-box}"
                + "button{font-size:1rem;padding:.4rem 1rem}.problem{color:#8b0000}</style>\n"
                + "</head>\n<body>\n<main>\n" + main + "\n</main>\n</body>\n</html>\n";
    }

    private static void respondPage(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        respond(exchange, status, "text/html", html);
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    /** CORS for the browser clients' origins only (never {@code *}). */
    private void allowBrowserOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && browserClients.values().stream().anyMatch(client -> client.origins().contains(origin))) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        }
        exchange.getResponseHeaders().set("Vary", "Origin");
    }

    static String s256(String verifier) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parameter's value if it is given exactly once (RFC 6749 3.1: parameters must not be repeated). */
    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        return values.size() == 1 ? values.get(0) : null;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.getOrDefault(name, List.of());
        return values.isEmpty() ? null : values.get(0);
    }

    private static String oauthError(String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return JsonUtil.toJson(body);
    }

    private String discoveryDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuerUrl());
        doc.put("jwks_uri", jwksUrl());
        doc.put("token_endpoint", issuerUrl() + "/token");
        doc.put("authorization_endpoint", authorizationUrl());
        doc.put("response_types_supported", List.of("code"));
        doc.put("grant_types_supported", List.of("client_credentials", "authorization_code"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of(AlgorithmIdentifiers.RSA_USING_SHA256));
        doc.put("claims_supported", List.of("iss", "sub", "iat", "exp", "jti", "groups", "preferred_username", "azp", "aud", "nonce"));
        return JsonUtil.toJson(doc);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType + "; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The persisted key, created (RSA 2048, owner-only file) when missing. */
    static RsaJsonWebKey loadOrCreateKey(Path dir) {
        Path file = dir.resolve(KEY_FILE);
        try {
            if (Files.isRegularFile(file)) {
                return (RsaJsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(Files.readString(file, StandardCharsets.UTF_8));
            }
            Files.createDirectories(dir);
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
            key.setKeyId(key.calculateBase64urlEncodedThumbprint("SHA-256"));
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            Path tmp = dir.resolve(KEY_FILE + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, key.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), StandardCharsets.UTF_8);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the signing key in " + dir, e);
        } catch (JoseException e) {
            throw new IllegalStateException("invalid signing key in " + file, e);
        }
    }

    /** Signs tokens for one issuer with one key. */
    private static final class Signer {
        private final RsaJsonWebKey key;
        private final String issuer;

        Signer(RsaJsonWebKey key, String issuer) {
            this.key = key;
            this.issuer = issuer;
        }

        /** A person's token, issued to the realm's client such a person signs in through. */
        String mint(String subject, Set<String> roles, Duration ttl) {
            RealmClients.Client client = RealmClients.personClient(roles);
            return mint(subject, roles, ttl, client.id(), client.audience(), Map.of());
        }

        /** A confidential client's token, as the client credentials grant gives it. */
        String clientToken(String clientId, Set<String> roles, List<String> audience, Duration ttl) {
            return mint(SERVICE_ACCOUNT_PREFIX + clientId, roles, ttl, clientId, audience, Map.of("client_id", clientId));
        }

        String mint(String subject, Set<String> roles, Duration ttl, String azp, List<String> audience,
                    Map<String, String> extraClaims) {
            if (subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("subject is required");
            }
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject(subject);
            claims.setIssuedAtToNow();
            NumericDate expiry = NumericDate.now();
            expiry.addSeconds(Math.max(1, ttl.toSeconds()));
            claims.setExpirationTime(expiry);
            claims.setGeneratedJwtId();
            claims.setStringListClaim("groups", new ArrayList<>(roles));
            claims.setStringClaim("preferred_username", subject);
            claims.setStringClaim("azp", azp);
            if (!audience.isEmpty()) {
                claims.setAudience(new ArrayList<>(audience));
            }
            extraClaims.forEach(claims::setStringClaim);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setKeyIdHeaderValue(key.getKeyId());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("cannot sign the token", e);
            }
        }

        String jwks() {
            return new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code mint} or {@code serve}; see the class comment. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("mint") || args[0].equals("serve"))) {
            usage();
            return;
        }
        Path keyDir = null;
        String subject = null;
        String client = null;
        String issuer = null;
        Set<String> roles = new LinkedHashSet<>();
        Duration ttl = DEFAULT_TTL;
        int port = 0;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                usage();
                return;
            }
            String value = args[++i];
            switch (option) {
                case "--key-dir" -> keyDir = Path.of(value);
                case "--sub" -> subject = value;
                case "--client" -> client = value;
                case "--role" -> roles.add(value);
                case "--issuer" -> issuer = value;
                case "--ttl" -> ttl = Duration.ofSeconds(Long.parseLong(value));
                case "--port" -> port = Integer.parseInt(value);
                default -> {
                    usage();
                    return;
                }
            }
        }
        if (keyDir == null) {
            usage();
            return;
        }
        if (args[0].equals("mint")) {
            if (client != null) {
                if (subject != null || !roles.isEmpty()) {
                    // A client's token carries its own roles only: asking for others is an error, never granted.
                    System.err.println("--client takes the client's own roles; no --sub or --role with it");
                    System.exit(2);
                }
                try {
                    System.out.println(mintClientOffline(keyDir, issuer, client, ttl));
                } catch (IllegalArgumentException unknown) {
                    System.err.println(unknown.getMessage());
                    System.exit(2);
                }
                return;
            }
            if (subject == null) {
                usage();
                return;
            }
            System.out.println(mintOffline(keyDir, issuer, subject, roles, ttl));
            return;
        }
        TokenIssuer running = start(keyDir, port);
        System.out.println("Token issuer (local development only) at " + running.issuerUrl());
        System.out.println("  token: curl '" + running.issuerUrl() + "/token?sub=alice&role=data-subject'");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "token-issuer-shutdown"));
        stopped.await();
    }

    private static void usage() {
        System.err.println("usage: TokenIssuer mint --key-dir DIR --sub SUBJECT [--role ROLE]... [--ttl SECONDS] [--issuer URL]");
        System.err.println("       TokenIssuer mint --key-dir DIR --client CLIENT [--ttl SECONDS] [--issuer URL]");
        System.err.println("       TokenIssuer serve --key-dir DIR [--port PORT]");
        System.exit(2);
    }
}
