package io.privacyplatform.launchers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** The OIDC issuer of a local run: the built-in JDK 17 issuer by default, or a Keycloak where Java 21+ exists. */
public interface LocalIssuer extends AutoCloseable {

    /** The value of {@code quarkus.oidc.auth-server-url} (and of the tokens' {@code iss}). */
    String issuerUrl();

    /** A bearer token for {@code subject} with {@code roles}. */
    String token(String subject, Set<String> roles);

    /** As above, valid for {@code ttl} where the issuer lets the caller choose (the built-in one does). */
    default String token(String subject, Set<String> roles, Duration ttl) {
        return token(subject, roles);
    }

    /**
     * The confidential client of the platform's backend services ({@code privacy-backend}, role {@code platform}): a
     * service passes its id and secret to the client credentials grant to get its own token (partner-sync reading
     * rectification values from request-service).
     */
    ServiceClient backendClient();

    /** Client id and secret of a confidential client. */
    record ServiceClient(String clientId, String secret) {
        @Override
        public String toString() {
            return "ServiceClient[" + clientId + "]";
        }
    }

    /** The realm's backend client (deploy/k8s/base/keycloak/realm-privacy.json), with a service account holding {@code platform}. */
    String BACKEND_CLIENT_ID = "privacy-backend";

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

    /** The default: {@link TokenIssuer}, a signing key generated on first start, tokens minted on demand. */
    static LocalIssuer builtIn(Path workDir, int port) {
        TokenIssuer issuer = TokenIssuer.start(workDir.resolve("issuer"), port);
        ServiceClient backend = new ServiceClient(BACKEND_CLIENT_ID,
                LocalPlatform.secret(workDir.resolve("issuer").resolve("privacy-backend.secret")));
        issuer.registerClient(backend.clientId(), backend.secret(), Set.of("platform"));
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
            public ServiceClient backendClient() {
                return backend;
            }

            @Override
            public void registerConsole(String redirectUri) {
                issuer.registerBrowserClient(CONSOLE_CLIENT_ID, Set.of(redirectUri));
            }

            @Override
            public String howToGetTokens() {
                return "  curl -s '" + issuer.issuerUrl() + "/token?sub=alice&role=data-subject'\n"
                        + "  deploy/local/token privacy-officer dpo-1        (offline, from the issuer's key)\n";
            }

            @Override
            public void close() {
                issuer.close();
            }
        };
    }
}
