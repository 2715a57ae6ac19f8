package io.privacyplatform.support.security;

import io.smallrye.config.ConfigMapping;

import java.util.Map;
import java.util.Set;

/**
 * The clients (claim {@code azp}) whose tokens a service accepts, each with the roles it may carry:
 * {@code platform.security.clients."web-backend"=consent-recorder,consent-checker}. A token of a client not listed
 * is refused (401); a role its client may not carry is dropped (403 where the role was needed).
 */
@ConfigMapping(prefix = "platform.security")
public interface CallersConfig {

    /** Client id to the roles its tokens may carry. */
    Map<String, Set<String>> clients();
}
