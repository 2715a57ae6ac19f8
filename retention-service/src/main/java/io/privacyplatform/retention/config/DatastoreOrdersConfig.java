package io.privacyplatform.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code retention.datastore-orders.*}: how rectification and restriction orders reach the company datastores. */
@ConfigMapping(prefix = "retention.datastore-orders")
public interface DatastoreOrdersConfig {

    /** How often due orders are run (the scheduler reads the same key). */
    @WithDefault("5s")
    Duration every();

    /** The wait after a first failed attempt (datastore or request-service unreachable), doubled at each further one. */
    @WithDefault("5s")
    Duration initialBackoff();

    @WithDefault("10m")
    Duration maxBackoff();

    /** Attempts before the order is confirmed FAILED (with the defaults, about two and a half hours of retries). */
    @WithDefault("20")
    int maxAttempts();

    /** Orders one scheduled run handles at most. */
    @WithDefault("50")
    int batch();
}
