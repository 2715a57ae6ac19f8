package io.privacyplatform.support.security;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The caller check every service runs on a verified token (signature, issuer, audience and lifetime are Quarkus
 * OIDC's, see each service's {@code quarkus.oidc.token.*}): the client the token was issued to ({@code azp}) must be
 * one of {@link CallersConfig#clients()}, else the call is refused (401); of the token's roles, only those that client
 * may carry are kept, so a backend's token that somehow carries {@code data-subject} or another backend's role is
 * answered 403 where that role was needed.
 */
@ApplicationScoped
public class CallerCheck implements SecurityIdentityAugmentor {

    /** Claim naming the client a token was issued to (Keycloak sets it on every access token). */
    public static final String CLIENT_CLAIM = "azp";

    private final Map<String, Set<String>> clients;

    CallerCheck(CallersConfig config) {
        this.clients = Map.copyOf(config.clients());
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Object client = token.getClaim(CLIENT_CLAIM);
        Set<String> allowed = client == null ? null : clients.get(client.toString());
        if (allowed == null) {
            // The client id names a registered application, never a person: safe to log.
            Log.infof("Token refused: its client %s is not one this service accepts", client);
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown client"));
        }
        Set<String> kept = new HashSet<>(identity.getRoles());
        kept.retainAll(allowed);
        if (kept.size() == identity.getRoles().size()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addRoles(kept)
                .addPermissionChecker(identity::checkPermission)
                .build());
    }
}
