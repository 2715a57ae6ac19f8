package io.privacyplatform.benchmarks;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.PostgresServer;
import org.flywaydb.core.Flyway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The one start-up of every benchmark of the suite, on the launchers' {@link LocalPlatform} (what deploy/local and
 * the system tests run): Kafka, PostgreSQL, the token issuer and the packaged services a benchmark measures, from an
 * empty work directory, topics with {@value #PARTITIONS} partitions. Each benchmark starts its own (in turn, never
 * two at once), so that no service consumes another benchmark's events and every figure starts from empty data.
 */
final class SuitePlatform {

    static final int PARTITIONS = 3;

    private SuitePlatform() {
    }

    /** What each benchmark adds its services, databases and topics to. */
    static LocalPlatform.Builder builder(Path workDir) {
        return LocalPlatform.builder(workDir).fresh().partitions(PARTITIONS);
    }

    /** The packaged service ({@code <service>/target/quarkus-app/quarkus-run.jar}); benchmarks/run builds it. */
    static Path serviceJar(Path root, String service) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run benchmarks/run --rebuild");
        }
        return jar;
    }

    /** Migrates {@code database} with Flyway from the classpath {@code locations}; returns its JDBC URL. */
    static String migrate(PostgresServer postgres, String database, String... locations) {
        String url = postgres.jdbcUrl(database);
        Flyway.configure().dataSource(url, postgres.username(), postgres.password()).locations(locations).load().migrate();
        return url;
    }

    static Connection connect(PostgresServer postgres, String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.username(), postgres.password());
    }
}
