package io.privacyplatform.launchers;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account database joins a platform as a company datastore: created on the platform's PostgreSQL, migrated with
 * its seed data before any service starts, and described to retention-service; a restart keeps what was changed.
 */
class LocalPlatformDatastoreTest {

    private static final LocalPlatform.Datastore ACCOUNTS = LocalPlatform.Datastore.ACCOUNT_DATABASE;

    @Test
    void theAccountDatabaseIsMigratedSeededAndConfiguredForRetentionServiceAndKeptAcrossRestarts() throws Exception {
        Path work = TestDirs.fresh("platform-datastore");
        Map<String, String> firstConfig;
        try (LocalPlatform platform = LocalPlatform.builder(work).datastore(ACCOUNTS).start()) {
            assertEquals(List.of(ACCOUNTS), platform.datastores());
            assertEquals(List.of("user-alice", "user-bob", "user-chloe", "user-david", "user-emma"),
                    subjects(platform, "select subject_id from accounts order by id"));
            assertEquals(List.of("10"), subjects(platform, "select count(*) from orders"));

            firstConfig = platform.datastoreConfig(ACCOUNTS);
            String prefix = "retention.datastores.account-database.";
            assertEquals(platform.postgres().jdbcUrl("account_database"), firstConfig.get(prefix + "jdbc-url"));
            assertEquals(platform.postgres().username(), firstConfig.get(prefix + "username"));
            // retention-service decodes the key with the standard (not URL-safe) base64 alphabet; it wants 32 bytes.
            assertEquals(32, Base64.getDecoder().decode(firstConfig.get(prefix + "hash-key")).length);
            Path manifest = Path.of(firstConfig.get(prefix + "manifest"));
            assertTrue(manifest.isAbsolute(), manifest.toString());
            try (var example = LocalPlatform.class.getClassLoader().getResourceAsStream(ACCOUNTS.manifest())) {
                assertEquals(new String(example.readAllBytes()), Files.readString(manifest), "the example's manifest");
            }
            execute(platform, "delete from marketing_preferences where account_id = (select id from accounts where subject_id = 'user-emma')");
        }
        try (LocalPlatform platform = LocalPlatform.builder(work).datastore(ACCOUNTS).start()) {
            assertEquals(List.of("4"), subjects(platform, "select count(*) from marketing_preferences"),
                    "a restart neither re-seeds nor wipes the datastore");
            Map<String, String> again = new HashMap<>(platform.datastoreConfig(ACCOUNTS));
            again.put("retention.datastores.account-database.jdbc-url", firstConfig.get("retention.datastores.account-database.jdbc-url"));
            assertEquals(firstConfig, again, "same key and files across restarts (the port is a free one each time)");
        }
    }

    private static Connection connect(LocalPlatform platform) throws Exception {
        return DriverManager.getConnection(platform.postgres().jdbcUrl(ACCOUNTS.database()),
                platform.postgres().username(), platform.postgres().password());
    }

    private static List<String> subjects(LocalPlatform platform, String sql) throws Exception {
        try (Connection c = connect(platform); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static void execute(LocalPlatform platform, String sql) throws Exception {
        try (Connection c = connect(platform); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
