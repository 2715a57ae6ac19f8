package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerTest {

    @Test
    void twoDatabasesAndDataSurvivesRestart() throws Exception {
        Path dir = TestDirs.fresh("postgres-restart");
        try (PostgresServer pg = PostgresServer.start(dir, 0, "alpha", "beta")) {
            System.out.printf("[figures] PostgreSQL first start (initdb included): %d ms%n", pg.startupTime().toMillis());
            assertTrue(pg.jdbcUrl("alpha").startsWith("jdbc:postgresql://127.0.0.1:"));
            try (Connection c = connect(pg, "alpha"); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (id int PRIMARY KEY, label text)");
                s.execute("INSERT INTO kept VALUES (1, 'one'), (2, 'two')");
                assertEquals(2, count(s, "SELECT count(*) FROM kept"));
                assertEquals("17", firstString(s, "SHOW server_version").split("\\.")[0]);
                assertEquals("127.0.0.1", firstString(s, "SHOW listen_addresses"));
            }
            try (Connection c = connect(pg, "beta"); Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeQuery("SELECT count(*) FROM kept"));
            }
            pg.createDatabases("alpha", "gamma"); // idempotent
        }
        try (PostgresServer pg = PostgresServer.start(dir, 0, "alpha")) {
            System.out.printf("[figures] PostgreSQL restart (data kept): %d ms%n", pg.startupTime().toMillis());
            try (Connection c = connect(pg, "alpha"); Statement s = c.createStatement()) {
                assertEquals(2, count(s, "SELECT count(*) FROM kept"));
            }
            try (Connection c = connect(pg, "gamma")) {
                assertFalse(c.isClosed());
            }
            long pid = pg.pid();
            long stopStart = System.nanoTime();
            pg.close();
            System.out.printf("[figures] PostgreSQL stop: %d ms%n", (System.nanoTime() - stopStart) / 1_000_000);
            assertFalse(ProcessHandle.of(pid).map(ProcessSupport::isLive).orElse(false));
        }
    }

    static Connection connect(PostgresServer pg, String database) throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(database), pg.username(), pg.password());
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String firstString(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
