package io.privacyplatform.consent.service;

import io.privacyplatform.consent.config.ConsentConfig;
import io.privacyplatform.support.crypto.SigningKeys;
import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The two secrets of this service, one per purpose and neither shared with another service: the unsubscribe-link
 * signing keys ({@code consent.links.signing-key}, with retired keys after a rotation) and the suppression-list key
 * ({@code consent.suppression.hmac-key}). Both are required: built at start, so a missing or short key stops the
 * service instead of failing the first unsubscribe.
 */
@Startup
@Singleton
public class ServiceKeys {

    private final SigningKeys linkKeys;
    private final String suppressionKey;

    @Inject
    ServiceKeys(ConsentConfig config) {
        this(config.links().signingKey(), config.links().retiredSigningKeys().orElse(List.of()), config.suppression().hmacKey());
    }

    ServiceKeys(String linkKey, List<String> retiredLinkKeys, String suppressionKey) {
        this.linkKeys = new SigningKeys("consent.links.signing-key", SigningKeys.utf8(linkKey),
                retiredLinkKeys.stream().map(SigningKeys::utf8).toList());
        this.suppressionKey = suppressionKey;
    }

    SigningKeys linkKeys() {
        return linkKeys;
    }

    String suppressionKey() {
        return suppressionKey;
    }
}
