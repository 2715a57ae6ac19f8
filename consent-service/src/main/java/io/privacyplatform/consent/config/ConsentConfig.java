package io.privacyplatform.consent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "consent")
public interface ConsentConfig {

    /**
     * Version of the published data-protection policy a consent refers to when the caller does not name
     * one: the proof of consent records which text the subject was shown.
     */
    @WithDefault("1.0")
    String policyVersion();
}
