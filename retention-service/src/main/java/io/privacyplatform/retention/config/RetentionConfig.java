package io.privacyplatform.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "retention")
public interface RetentionConfig {

    /** How far in the future a reported collection or activity time may lie (clocks of other services drift). */
    @WithDefault("5m")
    Duration clockSkew();
}
