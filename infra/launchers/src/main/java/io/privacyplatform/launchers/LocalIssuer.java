package io.privacyplatform.launchers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The OIDC issuer of a local run: the built-in JDK 17 issuer by default, or a Keycloak where Java 21+ exists. */
public interface LocalIssuer extends AutoCloseable {

    /** The value of {@code quarkus.oidc.auth-server-url} (and of the tokens' {@code iss}). */
    String issuerUrl();

    /**
     * A person's bearer token for {@code subject} with {@code roles}, issued to the realm's client such a person signs
     * in through ({@link RealmClients#personClient}: the frontend's for a data subject, else the console's).
     */
    String token(String subject, Set<String> roles);

    /** As above, valid for {@code ttl} where the issuer lets the caller choose (the built-in one does). */
    default String token(String subject, Set<String> roles, Duration ttl) {
        return token(subject, roles);
    }

    /**
     * The realm's confidential client {@code clientId} ({@link RealmClients#confidential()}: a service that calls another,
     * or a product backend such as {@link RealmClients#WEB_BACKEND}), with its own secret: a service passes them to the
     * client credentials grant to get its own token.
     */
    ServiceClient client(String clientId);

    /**
     * A token of the confidential client {@code clientId}, as the client credentials grant gives it: the client's roles
     * and nothing else, its audience, {@code azp} the client id.
     */
    String clientToken(String clientId);

    /** As above, valid for {@code ttl} where the issuer lets the caller choose (the built-in one does). */
    default String clientToken(String clientId, Duration ttl) {
        return clientToken(clientId);
    }

    /** Client id and secret of a confidential client. */
    record ServiceClient(String clientId, String secret) {
        @Override
        public String toString() {
            return "ServiceClient[" + clientId + "]";
        }
    }

    /** The realm's client of the privacy officer's console (public, Authorization Code with PKCE S256). */
    String CONSOLE_CLIENT_ID = "privacy-console";

    /**
     * Lets the console sign people in and come back to exactly {@code redirectUri}. The built-in issuer registers it;
     * a Keycloak has it in its realm ({@code deploy/k8s/base/keycloak/realm-privacy.json}), so nothing to do there.
     */
    default void registerConsole(String redirectUri) {
    }

    /** How a person gets a token from a shell, for the banner. */
    String howToGetTokens();

    @Override
    void close();

    /** Starts an issuer in {@code workDir} on {@code port} (0 = free). */
    interface Starter {
        LocalIssuer start(Path workDir, int port);
    }

    /**
     * The default: {@link TokenIssuer}, a signing key generated on first start, tokens minted on demand, and every
     * confidential client of the realm registered with its own secret, generated once into
     * {@code <workDir>/issuer/<client>.secret}.
     */
    static LocalIssuer builtIn(Path workDir, int port) {
        TokenIssuer issuer = TokenIssuer.start(workDir.resolve("issuer"), port);
        Map<String, ServiceClient> clients = new LinkedHashMap<>();
        for (RealmClients.Client client : RealmClients.confidential()) {
            ServiceClient registered = new ServiceClient(client.id(),
                    LocalPlatform.secret(workDir.resolve("issuer").resolve(client.id() + ".secret")));
            issuer.registerClient(client, registered.secret());
            clients.put(client.id(), registered);
        }
        return new LocalIssuer() {
            @Override
            public String issuerUrl() {
                return issuer.issuerUrl();
            }

            @Override
            public String token(String subject, Set<String> roles) {
                return issuer.mint(subject, roles, Duration.ofHours(1));
            }

            @Override
            public String token(String subject, Set<String> roles, Duration ttl) {
                return issuer.mint(subject, roles, ttl);
            }

            @Override
            public ServiceClient client(String clientId) {
                ServiceClient client = clients.get(clientId);
                if (client == null) {
                    throw new IllegalArgumentException("no confidential client " + clientId + " (" + clients.keySet() + ")");
                }
                return client;
            }

            @Override
            public String clientToken(String clientId) {
                return clientToken(clientId, Duration.ofHours(1));
            }

            @Override
            public String clientToken(String clientId, Duration ttl) {
                return issuer.mintForClient(client(clientId).clientId(), ttl);
            }

            @Override
            public void registerConsole(String redirectUri) {
                issuer.registerBrowserClient(CONSOLE_CLIENT_ID, Set.of(redirectUri));
            }

            @Override
            public String howToGetTokens() {
                return "  curl -s '" + issuer.issuerUrl() + "/token?sub=alice&role=data-subject'\n"
                        + "  deploy/local/token privacy-officer dpo-1        (offline, from the issuer's key)\n"
                        + "  deploy/local/token web-backend                  (a product backend: client credentials of"
                        + " web-backend or billing-backend,\n"
                        + "                                                  secrets in " + workDir.resolve("issuer")
                        + "/<client>.secret)\n";
            }

            @Override
            public void close() {
                issuer.close();
            }
        };
    }
}
