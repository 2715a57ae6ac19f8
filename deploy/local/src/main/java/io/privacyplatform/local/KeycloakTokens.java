package io.privacyplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.privacyplatform.launchers.RealmClients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Bearer tokens from a running local Keycloak ({@link KeycloakServer}), for {@code deploy/local/token} and the
 * launcher. A person's token comes from the realm's client such a person signs in through ({@code privacy-frontend}
 * for a data subject, {@code privacy-console} for an officer or operator), so that its {@code azp}, {@code aud} and
 * roles are those the services accept from that client. Through the admin REST API (bootstrap admin of the master
 * realm) it makes sure that:
 * <ul>
 * <li>that public client of realm {@value #REALM} allows direct access grants with 1 h tokens, in this local
 * Keycloak only: changed at runtime, on purpose not in {@code deploy/k8s/base/keycloak/realm-privacy.json}, the realm
 * of the real deployments, where password grants have no place;</li>
 * <li>a user named after the subject exists (Keycloak lowercases user names), with obviously fake profile values
 * ({@code <subject>@local.invalid}, "Local" "User": Keycloak 26's user profile refuses to log in an account without
 * them), exactly the requested platform roles as realm roles, and the password generated once per local data
 * directory ({@code .local/keycloak/user-password});</li>
 * </ul>
 * then does a password grant. The token's {@code sub} is Keycloak's id of that user (a UUID, stable while the
 * local Keycloak database lives), {@code preferred_username} is the subject given here, {@code groups} the roles the
 * client may carry (the realm's scope mappings: a data subject's token from the console carries none).
 * A confidential client's token (a product backend, a service) comes from the client credentials grant with the
 * client's secret ({@link #clientToken}).
 * <p>
 * Command line: {@code KeycloakTokens --work-dir .local --sub SUBJECT --role ROLE [--role ROLE]...} prints a person's
 * token, {@code KeycloakTokens --work-dir .local --client CLIENT} a confidential client's.
 * Local development only: the subject names are test identities, never real people.
 */
public final class KeycloakTokens {

    public static final String REALM = "privacy";
    static final String ADMIN_USER = "admin";
    /** Valid Keycloak user names that are also valid e-mail local parts. */
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String adminPassword;
    private final String userPassword;
    private final HttpClient http;
    private final Map<String, JsonNode> realmRoles = new LinkedHashMap<>();
    private String adminToken;
    private long adminTokenValidUntil;
    private final Set<String> passwordGrantClients = new LinkedHashSet<>();

    /**
     * @param baseUrl       Keycloak's root URL, e.g. {@code http://127.0.0.1:8180}
     * @param adminPassword the bootstrap admin's password (master realm, user {@value #ADMIN_USER})
     * @param userPassword  the password given to every local user
     */
    KeycloakTokens(String baseUrl, String adminPassword, String userPassword) {
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
        this.userPassword = userPassword;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** For the Keycloak that a {@link KeycloakServer} runs (or ran) with {@code workDir} as its data directory. */
    public static KeycloakTokens of(Path workDir) {
        Path dir = workDir.toAbsolutePath().normalize().resolve(KeycloakServer.DIR);
        try {
            return new KeycloakTokens(
                    Files.readString(dir.resolve(KeycloakServer.SERVER_URL_FILE), StandardCharsets.UTF_8).trim(),
                    Files.readString(dir.resolve(KeycloakServer.ADMIN_PASSWORD_FILE), StandardCharsets.UTF_8).trim(),
                    Files.readString(dir.resolve(KeycloakServer.USER_PASSWORD_FILE), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no local Keycloak in " + dir + ": start deploy/local/run --keycloak first", e);
        }
    }

    /** Checks the admin login and opens the person clients to password grants, so that a broken setup shows at startup. */
    synchronized void prepare() {
        adminToken();
        for (RealmClients.Client client : RealmClients.all()) {
            if (!client.confidential()) {
                ensurePasswordGrant(client.id());
            }
        }
    }

    /**
     * An access token for the local user {@code subject} holding exactly {@code roles}, from the realm's client such a
     * person signs in through ({@link RealmClients#personClient}).
     */
    public synchronized String token(String subject, Set<String> roles) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException("a local Keycloak subject is 1 to 64 of [A-Za-z0-9._-], starting with"
                    + " a letter or digit");
        }
        String username = subject.toLowerCase(Locale.ROOT);
        List<JsonNode> wanted = new ArrayList<>();
        for (String role : roles) {
            wanted.add(realmRole(role));
        }
        String clientId = RealmClients.personClient(roles).id();
        ensurePasswordGrant(clientId);
        String userId = ensureUser(username);
        setRealmRoles(userId, wanted);
        try {
            return passwordGrant(clientId, username);
        } catch (GrantRefused first) {
            // A user of an earlier data directory, a password file recreated, a profile field gone: repair, retry once.
            resetPassword(userId);
            ensureUser(username);
            try {
                return passwordGrant(clientId, username);
            } catch (GrantRefused second) {
                throw new IllegalStateException("Keycloak refused the password grant: " + second.getMessage());
            }
        }
    }

    /**
     * A token of the realm's confidential client {@code clientId} by the client credentials grant with its
     * {@code secret} (the one the local Keycloak imported, {@link KeycloakServer#client}): its roles only.
     */
    public String clientToken(String clientId, String secret) {
        Response response = form(REALM, Map.of(
                "grant_type", "client_credentials",
                "client_id", clientId,
                "client_secret", secret));
        if (response.status() != 200) {
            throw new IllegalStateException("Keycloak refused the client credentials of " + clientId + ": "
                    + response.body().path("error").asText("HTTP " + response.status()));
        }
        return response.body().get("access_token").asText();
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Lets the realm's public client {@code clientId} take password grants, with 1 h tokens (this local Keycloak only). */
    private void ensurePasswordGrant(String clientId) {
        if (passwordGrantClients.contains(clientId)) {
            return;
        }
        JsonNode found = admin("GET", "/clients?clientId=" + encode(clientId), null, 200).body();
        if (!found.isArray() || found.isEmpty()) {
            throw new IllegalStateException("realm " + REALM + " has no client " + clientId);
        }
        ObjectNode client = (ObjectNode) found.get(0);
        if (!client.path("directAccessGrantsEnabled").asBoolean()
                || !"3600".equals(client.path("attributes").path("access.token.lifespan").asText())) {
            client.put("directAccessGrantsEnabled", true);
            JsonNode attributes = client.path("attributes");
            (attributes.isObject() ? (ObjectNode) attributes : client.putObject("attributes")).put("access.token.lifespan", "3600");
            admin("PUT", "/clients/" + client.get("id").asText(), client, 204);
        }
        passwordGrantClients.add(clientId);
    }

    /** The user's id; creates the user, or completes its profile, as needed. */
    private String ensureUser(String username) {
        JsonNode user = findUser(username);
        if (user == null) {
            ObjectNode created = JSON.createObjectNode().put("username", username);
            applyProfile(created, username);
            ObjectNode credential = created.putArray("credentials").addObject();
            credential.put("type", "password").put("value", userPassword).put("temporary", false);
            admin("POST", "/users", created, 201, 409);
            user = findUser(username);
            if (user == null) {
                throw new IllegalStateException("Keycloak did not create the local user");
            }
            return user.get("id").asText();
        }
        String id = user.get("id").asText();
        ObjectNode full = (ObjectNode) admin("GET", "/users/" + id, null, 200).body();
        ObjectNode expected = full.deepCopy();
        applyProfile(expected, username);
        if (!expected.equals(full)) {
            admin("PUT", "/users/" + id, expected, 204);
        }
        return id;
    }

    private static void applyProfile(ObjectNode user, String username) {
        user.put("enabled", true)
                .put("email", username + "@local.invalid")
                .put("emailVerified", true)
                .put("firstName", "Local")
                .put("lastName", "User");
        user.putArray("requiredActions");
    }

    private JsonNode findUser(String username) {
        JsonNode found = admin("GET", "/users?exact=true&briefRepresentation=true&username=" + encode(username), null, 200).body();
        for (JsonNode user : found) {
            if (username.equals(user.path("username").asText())) {
                return user;
            }
        }
        return null;
    }

    private void resetPassword(String userId) {
        ObjectNode credential = JSON.createObjectNode()
                .put("type", "password").put("value", userPassword).put("temporary", false);
        admin("PUT", "/users/" + userId + "/reset-password", credential, 204);
    }

    private JsonNode realmRole(String name) {
        JsonNode role = realmRoles.get(name);
        if (role != null) {
            return role;
        }
        Response found = admin("GET", "/roles/" + encode(name).replace("+", "%20"), null, 200, 404);
        if (found.status() == 404) {
            throw new IllegalArgumentException("realm " + REALM + " has no role '" + name
                    + "' (a person's roles: data-subject, privacy-officer, operator; a backend's token: --client)");
        }
        realmRoles.put(name, found.body());
        return found.body();
    }

    /** Direct realm role mappings = {@code wanted} (the realm's default-roles composite stays). */
    private void setRealmRoles(String userId, List<JsonNode> wanted) {
        String path = "/users/" + userId + "/role-mappings/realm";
        Set<String> wantedNames = wanted.stream().map(r -> r.get("name").asText()).collect(Collectors.toSet());
        Set<String> current = new LinkedHashSet<>();
        ArrayNode remove = JSON.createArrayNode();
        for (JsonNode mapped : admin("GET", path, null, 200).body()) {
            String name = mapped.path("name").asText();
            current.add(name);
            if (!wantedNames.contains(name) && !name.startsWith("default-roles-")) {
                remove.add(mapped);
            }
        }
        ArrayNode add = JSON.createArrayNode();
        wanted.stream().filter(r -> !current.contains(r.get("name").asText())).forEach(add::add);
        if (!remove.isEmpty()) {
            admin("DELETE", path, remove, 204);
        }
        if (!add.isEmpty()) {
            admin("POST", path, add, 204);
        }
    }

    private String passwordGrant(String clientId, String username) {
        Response response = form(REALM, Map.of(
                "grant_type", "password",
                "client_id", clientId,
                "username", username,
                "password", userPassword));
        if (response.status() == 200) {
            return response.body().get("access_token").asText();
        }
        String reason = response.body().path("error").asText("HTTP " + response.status()) + ": "
                + response.body().path("error_description").asText("");
        if (response.status() == 400 || response.status() == 401) {
            throw new GrantRefused(reason);
        }
        throw new IllegalStateException("Keycloak's token endpoint answered " + reason);
    }

    private String adminToken() {
        if (adminToken != null && System.nanoTime() < adminTokenValidUntil) {
            return adminToken;
        }
        Response response = form("master", Map.of(
                "grant_type", "password",
                "client_id", "admin-cli",
                "username", ADMIN_USER,
                "password", adminPassword));
        if (response.status() != 200) {
            throw new IllegalStateException("Keycloak refused the local admin login (HTTP " + response.status()
                    + " " + response.body().path("error_description").asText("") + "). Its password is in .local/"
                    + KeycloakServer.DIR + "/" + KeycloakServer.ADMIN_PASSWORD_FILE
                    + "; deleting .local/" + KeycloakServer.DIR + " resets the local Keycloak.");
        }
        adminToken = response.body().get("access_token").asText();
        long seconds = Math.max(5, response.body().path("expires_in").asLong(60) - 10);
        adminTokenValidUntil = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        return adminToken;
    }

    private record Response(int status, JsonNode body) {
    }

    private static final class GrantRefused extends RuntimeException {
        GrantRefused(String reason) {
            super(reason, null, false, false);
        }
    }

    private Response form(String realm, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .timeout(CALL_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /** An admin REST call on realm {@value #REALM}; any status outside {@code expected} is an error. */
    private Response admin(String method, String path, JsonNode body, int... expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + REALM + path))
                .timeout(CALL_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken())
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        Response response = send(request.build());
        for (int status : expected) {
            if (response.status() == status) {
                return response;
            }
        }
        // The path names only ids and role or client names, never a subject.
        throw new IllegalStateException("Keycloak admin API: " + method + " " + path.replaceFirst("\\?.*", "")
                + " answered HTTP " + response.status() + " " + response.body().path("errorMessage").asText(
                response.body().path("error").asText("")));
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            JsonNode json;
            try {
                json = text == null || text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
            } catch (IOException notJson) {
                json = JSON.createObjectNode().put("error", "HTTP " + response.statusCode() + " (not JSON)");
            }
            return new Response(response.statusCode(), json);
        } catch (ConnectException e) {
            throw new IllegalStateException("Keycloak is not running at " + baseUrl
                    + " (start it with deploy/local/run --keycloak)", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Keycloak at " + baseUrl + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling Keycloak", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** {@code --work-dir DIR --sub SUBJECT --role ROLE [--role ROLE]...} or {@code --client CLIENT}: prints an access token. */
    public static void main(String[] args) {
        Path workDir = Path.of(".local");
        String subject = null;
        String client = null;
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                usage();
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--work-dir" -> workDir = Path.of(value);
                case "--sub" -> subject = value;
                case "--client" -> client = value;
                case "--role" -> roles.add(value);
                default -> usage();
            }
        }
        if ((subject == null) == (client == null) || (client != null && !roles.isEmpty())) {
            usage();
        }
        try {
            System.out.println(client != null
                    ? of(workDir).clientToken(client, KeycloakServer.clientSecret(workDir, client))
                    : of(workDir).token(subject, roles));
        } catch (RuntimeException e) {
            System.err.println("No token: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void usage() {
        System.err.println("usage: KeycloakTokens [--work-dir DIR] --sub SUBJECT [--role ROLE]...");
        System.err.println("       KeycloakTokens [--work-dir DIR] --client CLIENT     (a confidential client's own roles)");
        System.exit(2);
    }
}
