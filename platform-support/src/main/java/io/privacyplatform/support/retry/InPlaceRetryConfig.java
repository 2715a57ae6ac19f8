package io.privacyplatform.support.retry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How a consumer waits out a transient failure (see {@link InPlaceRetry}). */
@ConfigMapping(prefix = "platform.consumers.retry")
public interface InPlaceRetryConfig {

    /** The first wait; it doubles at each failed attempt. */
    @WithDefault("200ms")
    Duration initialBackoff();

    /** The longest wait between two attempts: once the cause is gone, work resumes within this. */
    @WithDefault("10s")
    Duration maxBackoff();
}
