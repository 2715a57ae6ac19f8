package io.privacyplatform.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
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
         * Secret key of the HMAC that signs one-click unsubscribe tokens (base64 of 32 random bytes, its text used as
         * the key). A secret, never in the default profile; new tokens carry its key id.
         */
        String signingKey();

        /** Former signing keys, which still verify the links they signed (key rotation, deploy/README.md). */
        Optional<List<String>> retiredSigningKeys();

        /**
         * Public base URL of this service as email recipients reach it, e.g. {@code https://privacy.example.com}: the
         * unsubscribe link and its {@code List-Unsubscribe} header are absolute (a mail client cannot use a relative
         * one). A hostname: never in the default profile; production refuses a missing or non-https one.
         */
        String publicBaseUrl();
    }

    interface Suppression {

        /**
         * Secret key of the HMAC kept on the suppression list (base64 of 32 random bytes, its text used as the key).
         * It never rotates: the list keeps no address to hash again, so a new key makes every entry unmatchable.
         */
        String hmacKey();
    }
}
