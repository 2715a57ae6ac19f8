package io.privacyplatform.partnersync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The durable erasure tasks: worker pace, retry backoff and when to give up. */
@ConfigMapping(prefix = "partner-sync")
public interface ErasureConfig {

    Worker worker();

    Retry retry();

    interface Worker {
        /** How often the worker looks for due tasks (also read by the scheduler as {@code partner-sync.worker.every}). */
        @WithDefault("1s")
        String every();

        /** Tasks executed per worker run at most. */
        @WithDefault("20")
        int batchSize();

        /** Transaction timeout of one task (its partner calls included). */
        @WithDefault("120s")
        Duration taskTimeout();
    }

    interface Retry {
        /** Backoff before the second attempt; doubles after every failure. */
        @WithDefault("2s")
        Duration initialBackoff();

        /** Cap of the backoff, and of any wait a partner asks for. */
        @WithDefault("15m")
        Duration maxBackoff();

        /** Share of the backoff that is random (0 = none, 1 = full jitter). */
        @WithDefault("0.5")
        double jitter();

        /** Attempts per task before it fails. */
        @WithDefault("25")
        int maxAttempts();

        /** Age of a task after which it fails instead of being rescheduled. */
        @WithDefault("72h")
        Duration maxAge();
    }
}
