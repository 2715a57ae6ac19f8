package io.privacyplatform.support.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "platform.outbox")
public interface OutboxConfig {

    /** Rows sent per relay transaction. */
    @WithDefault("100")
    int batchSize();

    /** How long the relay waits for the broker to acknowledge a batch before it tries again later. */
    @WithDefault("30s")
    Duration sendTimeout();

    /** Relayed rows are kept this long (for troubleshooting), then purged. */
    @WithDefault("7d")
    Duration keepPublished();
}
