package io.privacyplatform.retention.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code retention.datastore-erasure.*}: the datastores' erasure consumer (waiting for a datastore that is down) and readiness. */
@ConfigMapping(prefix = "retention.datastore-erasure")
public interface DatastoreErasureConfig {

    /** The first wait after a failed attempt; doubled at each further one, with jitter. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** The longest wait between two attempts: the outage is retried at least this often, without end. */
    @WithDefault("5m")
    Duration maxBackoff();

    /**
     * Readiness is DOWN while a registered, connected datastore this service answers for is not configured (default);
     * false in dev and test, where the service often runs without the company's databases.
     */
    @WithDefault("true")
    boolean requireEveryDatastore();
}
