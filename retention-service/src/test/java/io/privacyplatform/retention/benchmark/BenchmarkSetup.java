package io.privacyplatform.retention.benchmark;

import io.privacyplatform.launchers.PostgresServer;
import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the retention-service benchmarks share: their integer options and a fresh, migrated database. */
final class BenchmarkSetup {

    private BenchmarkSetup() {
    }

    /**
     * Parses {@code --name value} integer options over the defaults (in their order).
     *
     * @return the options, or null when {@code --help} was asked (the usage is printed)
     */
    static Map<String, Integer> options(String[] args, String usage, Map<String, Integer> defaults) {
        Map<String, Integer> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                System.out.println(usage);
                return null;
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!options.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown option " + args[i] + " (" + usage + ")");
            }
            options.put(name, Integer.parseInt(args[++i]));
        }
        return options;
    }

    /** Drops what a previous run left of {@code database}, creates it and migrates it; returns its JDBC URL. */
    static String freshDatabase(PostgresServer postgres, String database, String... migrations) throws SQLException {
        try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl("postgres"), postgres.username(), postgres.password());
             Statement s = admin.createStatement()) {
            s.execute("drop database if exists " + database);
        }
        postgres.createDatabases(database);
        String url = postgres.jdbcUrl(database);
        Flyway.configure().dataSource(url, postgres.username(), postgres.password()).locations(migrations).load().migrate();
        return url;
    }
}
