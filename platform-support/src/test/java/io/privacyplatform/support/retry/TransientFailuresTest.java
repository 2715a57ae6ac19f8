package io.privacyplatform.support.retry;

import com.fasterxml.jackson.core.JsonParseException;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.privacyplatform.launchers.FreePorts;
import io.privacyplatform.launchers.PostgresServer;
import io.privacyplatform.support.client.ServiceCallException;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.transaction.xa.XAException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link TransientFailures} makes of the failures a consumer meets, taken from a real PostgreSQL, the real driver
 * and the real pool wherever a database is involved (a hand-made exception could carry a state the driver never sets).
 */
class TransientFailuresTest {

    @TempDir
    static Path dir;
    static PostgresServer postgres;

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = PostgresServer.start(dir.resolve("postgres"), 0, "failures");
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("create table account (id int primary key, name text)");
            s.execute("insert into account values (1, 'a'), (2, 'b')");
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aStoppedDatabaseIsWaitedOut() {
        // Nobody listens: what a consumer gets while PostgreSQL is stopped (a new connection refused).
        int closedPort = FreePorts.pick();
        SQLException refused = assertThrows(SQLException.class, () -> DriverManager.getConnection(
                PostgresServer.jdbcUrl(closedPort, "failures"), "postgres", "postgres"));
        assertTrue(TransientFailures.isTransient(refused), refused.getSQLState());
        assertTrue(TransientFailures.isTransient(new PersistenceException("wrapped", refused)));
    }

    @Test
    void aConnectionTheServerTerminatedIsWaitedOut() throws SQLException {
        // What a pooled connection meets when PostgreSQL shuts down under it (57P01), then when used again (08xxx).
        try (Connection victim = connect(); Connection admin = connect()) {
            long backend = scalar(victim, "select pg_backend_pid()");
            try (PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?)")) {
                kill.setInt(1, (int) backend);
                kill.execute();
            }
            SQLException terminated = assertThrows(SQLException.class, () -> scalar(victim, "select 1"));
            assertTrue(TransientFailures.isTransient(terminated), terminated.getSQLState());
            SQLException closed = assertThrows(SQLException.class, () -> scalar(victim, "select 1"));
            assertTrue(TransientFailures.isTransient(closed), closed.getSQLState());
        }
    }

    @Test
    void anExhaustedPoolIsWaitedOut() throws SQLException {
        try (AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(p -> p.maxSize(1).acquisitionTimeout(Duration.ofMillis(200))
                        .connectionFactoryConfiguration(f -> f.jdbcUrl(postgres.jdbcUrl("failures"))
                                .principal(new NamePrincipal("postgres")).credential(new SimplePassword("postgres")))));
             Connection held = pool.getConnection()) {
            assertTrue(held.isValid(1));
            SQLException timeout = assertThrows(SQLException.class, pool::getConnection);
            assertTrue(TransientFailures.isTransient(timeout), timeout.getMessage());
        }
    }

    @Test
    void aSerializationFailureIsWaitedOut() throws Exception {
        try (Connection first = connect(); Connection second = connect()) {
            for (Connection c : new Connection[]{first, second}) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            }
            scalar(first, "select count(*) from account");
            scalar(second, "select count(*) from account");
            update(first, "update account set name = 'x' where id = 1");
            // Blocks on the row until the first commits, then fails: could not serialize access (40001).
            CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> {
                try {
                    update(second, "update account set name = 'y' where id = 1");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            first.commit();
            Throwable failure = assertThrows(Exception.class, () -> racing.get(30, TimeUnit.SECONDS)).getCause();
            second.rollback();
            SQLException serialization = (SQLException) failure.getCause();
            assertTrue(serialization.getSQLState().startsWith("40"), serialization.getSQLState());
            assertTrue(TransientFailures.isTransient(failure));
        }
    }

    @Test
    void aConstraintViolationIsNotWaitedOut() throws SQLException {
        try (Connection c = connect()) {
            SQLException duplicate = assertThrows(SQLException.class, () -> update(c, "insert into account values (1, 'c')"));
            assertFalse(TransientFailures.isTransient(duplicate), duplicate.getSQLState());
            assertFalse(TransientFailures.isTransient(new PersistenceException("wrapped", duplicate)));
        }
    }

    @Test
    void aNulCharacterIsNotWaitedOut() throws SQLException {
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement("insert into account values (3, ?)")) {
            insert.setString(1, "a\u0000b");
            SQLException nul = assertThrows(SQLException.class, insert::executeUpdate);
            assertFalse(TransientFailures.isTransient(nul), nul.getSQLState());
        }
    }

    @Test
    void aPeerDownOrFailingIsWaitedOutAnAnswerItWouldGiveAgainIsNot() {
        assertTrue(TransientFailures.isTransient(ServiceCallException.noAnswer(new ConnectException("refused"))));
        assertTrue(TransientFailures.isTransient(ServiceCallException.status(503)));
        assertTrue(TransientFailures.isTransient(ServiceCallException.status(500)));
        assertTrue(TransientFailures.isTransient(ServiceCallException.status(401)));
        assertTrue(TransientFailures.isTransient(ServiceCallException.status(403)));
        assertTrue(TransientFailures.isTransient(ServiceCallException.status(429)));
        assertFalse(TransientFailures.isTransient(ServiceCallException.status(404)));
        assertFalse(TransientFailures.isTransient(ServiceCallException.status(409)));
        assertFalse(TransientFailures.isTransient(ServiceCallException.status(400)));
        assertFalse(TransientFailures.isTransient(ServiceCallException.status(422)));
        assertFalse(TransientFailures.isTransient(ServiceCallException.unparseable()));
        // The peer's failure under the effect's own wrapping.
        assertTrue(TransientFailures.isTransient(new IllegalStateException("x", ServiceCallException.status(502))));
    }

    @Test
    void aCommitLostWithItsConnectionIsWaitedOutABugIsNot() {
        // Narayana reports the resource's failure at commit as a suppressed exception of its own.
        RuntimeException commit = new RuntimeException("commit failed");
        commit.addSuppressed(new XAException(XAException.XAER_RMFAIL));
        assertTrue(TransientFailures.isTransient(commit));
        assertTrue(TransientFailures.isTransient(new UncheckedIOException(new ConnectException("refused"))));
        assertFalse(TransientFailures.isTransient(new UncheckedIOException(new JsonParseException(null, "bad"))));
        assertFalse(TransientFailures.isTransient(new NullPointerException()));
        assertFalse(TransientFailures.isTransient(new IllegalArgumentException("a value refused")));
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("failures"), "postgres", "postgres");
    }

    private static long scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); var rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
