package io.privacyplatform.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

@ConfigMapping(prefix = "consent")
public interface ConsentConfig {

    /**
     * Version of the published data-protection policy a consent refers to when the caller does not name
     * one: the proof of consent records which text the subject was shown.
     */
    @WithDefault("1.0")
    String policyVersion();

    /** Most subjects in one batch effective-state query, and most addresses in one suppression check. */
    @WithDefault("1000")
    int batchLimit();

    Links links();

    Suppression suppression();

    interface Links {

        /**
         * Secret key of the HMAC that signs one-click unsubscribe tokens. A secret, never in the default
         * profile; when absent, a key derived from {@code platform.subject-id.hmac-key} (also secret) is used.
         */
        Optional<String> signingKey();

        /** Public base URL of this service as email recipients reach it, e.g. {@code https://privacy.example.com}. */
        Optional<String> publicBaseUrl();
    }

    interface Suppression {

        /**
         * Secret key of the HMAC kept on the suppression list. When absent, a key derived from
         * {@code platform.subject-id.hmac-key}. Changing it makes every existing entry unmatchable.
         */
        Optional<String> hmacKey();
    }
}
