package io.privacyplatform.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tracking of the erasure orders this service places (retention expiry). */
@ConfigMapping(prefix = "retention.erasure-orders")
public interface ErasureOrderTrackingConfig {

    /** A system silent this long after an order (or an answer FAILED) puts the order on the officer's attention list. */
    @WithDefault("7d")
    Duration silenceAlert();

    /** Orders the attention list shows at most (oldest first). */
    @WithDefault("500")
    int attentionLimit();

    /**
     * When the tracked orders whose proof period ended (policy rule {@code retention-erasure-orders}) are deleted
     * (Quarkus cron; "off" disables it). Read by the scheduler through its expression; declared here so it is known.
     */
    @WithDefault("0 40 3 * * ?")
    String purgeCron();
}
