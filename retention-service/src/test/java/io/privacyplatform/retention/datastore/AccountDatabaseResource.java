package io.privacyplatform.retention.datastore;

import io.privacyplatform.testkit.PlatformTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.flywaydb.core.Flyway;

import java.util.Map;

/**
 * The example account database (module examples/account-database) as a second database of the test PostgreSQL,
 * migrated with its own Flyway migrations, and configured as the datastore {@value #NAME}.
 */
public class AccountDatabaseResource implements QuarkusTestResourceLifecycleManager {

    static final String NAME = "account-database";
    static final String DATABASE = "account_database";
    /** Development and test only. */
    static final String HASH_KEY = "c2VjcmV0LWtleS1vZi10aGUtYWNjb3VudC1kYXRhYmFzZS10ZXN0cw==";

    @Override
    public Map<String, String> start() {
        PlatformTestResource platform = new PlatformTestResource();
        platform.init(Map.of(PlatformTestResource.DATABASE, DATABASE));
        Map<String, String> server = platform.start();
        String url = server.get("quarkus.datasource.jdbc.url");
        String user = server.get("quarkus.datasource.username");
        String password = server.get("quarkus.datasource.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/account-database").load().migrate();
        return Map.of(
                "retention.datastores." + NAME + ".jdbc-url", url,
                "retention.datastores." + NAME + ".username", user,
                "retention.datastores." + NAME + ".password", password,
                "retention.datastores." + NAME + ".hash-key", HASH_KEY);
    }

    @Override
    public void stop() {
        // the server is PlatformTestResource's, stopped with the JVM
    }
}
