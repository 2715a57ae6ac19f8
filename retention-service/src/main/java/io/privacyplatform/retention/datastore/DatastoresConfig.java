package io.privacyplatform.retention.datastore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

import java.util.Map;
import java.util.Optional;

/**
 * The company's datastores, by name: {@code retention.datastores.<name>.*}. Connections and keys come from the
 * environment (Secrets), never from the manifest; none configured, the connector stays idle.
 */
@ConfigMapping(prefix = "retention.datastores")
public interface DatastoresConfig {

    @WithParentName
    Map<String, Datastore> byName();

    interface Datastore {
        /** A PostgreSQL JDBC URL. */
        String jdbcUrl();

        Optional<String> username();

        Optional<String> password();

        /** The manifest: a file path, else a classpath resource; default {@code datastores/<name>.yaml} on the classpath. */
        Optional<String> manifest();

        /** The HMAC-SHA256 key of the manifest's {@code hash} columns, base64 (at least 32 bytes). */
        Optional<String> hashKey();

        /** Connections of the datastore's own pool. */
        @WithDefault("4")
        int maxConnections();
    }
}
