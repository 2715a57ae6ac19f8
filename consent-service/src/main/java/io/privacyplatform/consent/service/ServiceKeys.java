package io.privacyplatform.consent.service;

import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.support.security.Hmacs;
import io.privacyplatform.support.subject.SubjectIdConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The two secrets of this service: the unsubscribe-link signing key and the suppression-list key. Each is
 * configured on its own or derived from the platform's subject-id key with a label, so a deployment that only
 * has the platform key (deploy/local, the system test) still works and the two keys never coincide. Resolved
 * at start: a service without any key refuses to start instead of failing on the first unsubscribe.
 */
@Startup
@Singleton
public class ServiceKeys {

    private final String linkKey;
    private final String suppressionKey;

    ServiceKeys(ConsentConfig config, SubjectIdConfig subjectIds) {
        Optional<String> platformKey = subjectIds.hmacKey().filter(k -> !k.isBlank());
        this.linkKey = resolve(config.links().signingKey(), platformKey, "consent-service/unsubscribe-links/v1",
                "consent.links.signing-key");
        this.suppressionKey = resolve(config.suppression().hmacKey(), platformKey, "consent-service/suppression/v1",
                "consent.suppression.hmac-key");
    }

    String linkKey() {
        return linkKey;
    }

    String suppressionKey() {
        return suppressionKey;
    }

    private static String resolve(Optional<String> own, Optional<String> platformKey, String label, String property) {
        return own.filter(k -> !k.isBlank()).orElseGet(() -> platformKey.map(k -> Hmacs.sha256Hex(k, label))
                .orElseThrow(() -> new IllegalStateException(property + " is not configured, and neither is"
                        + " platform.subject-id.hmac-key to derive it from")));
    }
}
