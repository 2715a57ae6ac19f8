package io.privacyplatform.request.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * The privacy officer's console ({@code /console/}): where its page signs in and which other service it calls, as the
 * officer's browser reaches them. No hostname here: the environment (or the dev/test profiles, or the local run) gives
 * them.
 */
@ConfigMapping(prefix = "requests.console")
public interface ConsoleConfig {

    /**
     * The OIDC issuer the console signs in with (its discovery document is under it), as the browser reaches it;
     * absent: the service's own {@code quarkus.oidc.auth-server-url}.
     */
    Optional<String> issuerUrl();

    /** The console's public OIDC client (Authorization Code with PKCE S256). */
    @WithDefault("privacy-console")
    String clientId();

    /** partner-sync-service's public address, for the operators' dead partner tasks; absent: that screen is hidden. */
    Optional<String> partnerSyncUrl();
}
