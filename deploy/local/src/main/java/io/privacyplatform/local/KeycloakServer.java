package io.privacyplatform.local;

import io.privacyplatform.launchers.FreePorts;
import io.privacyplatform.launchers.LocalIssuer;
import io.privacyplatform.launchers.ProcessSupport;
import io.privacyplatform.launchers.RealmClients;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Keycloak as the issuer of a local run ({@code deploy/local/run --keycloak}): the {@code keycloak-quarkus-dist}
 * zip, unpacked once, started with {@code kc.sh start-dev} (H2 file database, HTTP) on a Java 21+ given by the
 * caller, realm {@value KeycloakTokens#REALM} imported from {@code deploy/k8s/base/keycloak/realm-privacy.json}.
 * Local development only.
 * <p>
 * Files, in {@code <workDir>/keycloak/}: the unpacked distribution ({@code keycloak-<version>/}, with Keycloak's
 * own data in its {@code data/h2} and the realm copied to {@code data/import}), {@code keycloak.log} (rewritten at
 * each start), {@code keycloak.pid} (to stop a Keycloak left by a killed run), {@code admin-password} and
 * {@code user-password} and {@code <client>.secret} for each confidential client of the realm (generated once,
 * owner-only; Keycloak reads them from its environment, {@code <CLIENT>_CLIENT_SECRET}, at import), {@code server-url}
 * and the realm file's hash. When the realm
 * file changes (or the admin password file is deleted) the local Keycloak database is dropped and the realm
 * imported again; local users are recreated on demand by {@link KeycloakTokens}.
 * <p>
 * Ports: HTTP on 127.0.0.1:{@code httpPort} (8180 in the local run, the built-in issuer's port), management
 * interface on {@code managementPort} (8189 in the local run, away from Keycloak's default 9000). Issuer URL:
 * {@code http://127.0.0.1:<httpPort>/realms/privacy}, pinned with {@code --hostname}. Tokens: see
 * {@link KeycloakTokens} ({@code sub} is Keycloak's user id, a UUID).
 */
public final class KeycloakServer implements LocalIssuer {

    static final String DIR = "keycloak";
    static final String SERVER_URL_FILE = "server-url";
    static final String ADMIN_PASSWORD_FILE = "admin-password";
    static final String USER_PASSWORD_FILE = "user-password";
    static final String PID_FILE = "keycloak.pid";
    static final String LOG_FILE = "keycloak.log";
    private static final String REALM_HASH_FILE = "realm-privacy.sha256";
    /** Where a local frontend of the platform signs in (request-service's port in the local run). */
    static final String LOCAL_FRONTEND_ORIGIN = "http://127.0.0.1:8081";
    static final String LOCAL_FRONTEND_REDIRECT_URI = LOCAL_FRONTEND_ORIGIN + "/console/";
    private static final String UNPACKED_MARKER = ".unpacked";
    /** On the command line of kc.sh and of Keycloak's JVM: identifies our processes when reaping. */
    static final String MARKER_PROPERTY = "privacyplatform.local.keycloak";
    public static final int LOCAL_MANAGEMENT_PORT = 8189;
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final System.Logger LOG = System.getLogger("io.privacyplatform.local");

    private final String baseUrl;
    private final Path dir;
    private final Process process;
    private final Process watchdog;
    private final Thread shutdownHook;
    private final KeycloakTokens tokens;
    private final Duration startupTime;
    private boolean stopped;

    private KeycloakServer(String baseUrl, Path dir, Process process, Process watchdog, Thread shutdownHook,
                           KeycloakTokens tokens, Duration startupTime) {
        this.baseUrl = baseUrl;
        this.dir = dir;
        this.process = process;
        this.watchdog = watchdog;
        this.shutdownHook = shutdownHook;
        this.tokens = tokens;
        this.startupTime = startupTime;
    }

    /**
     * For {@code LocalPlatform.Builder.issuer(...)}: port 8180 gets
     * management port {@value #LOCAL_MANAGEMENT_PORT}, any other port (0 = free) a free management port.
     * The start timeout is {@link #DEFAULT_START_TIMEOUT} unless the system property {@code keycloak.start-timeout}
     * (seconds) says otherwise.
     */
    public static LocalIssuer.Starter starter(Path javaHome, Path distZip, Path realmFile) {
        return (workDir, port) -> start(workDir, port, port == 8180 ? LOCAL_MANAGEMENT_PORT : 0, javaHome, distZip,
                realmFile, Duration.ofSeconds(Long.getLong("keycloak.start-timeout", DEFAULT_START_TIMEOUT.toSeconds())));
    }

    /**
     * Starts Keycloak and waits until realm {@value KeycloakTokens#REALM} answers its discovery document.
     *
     * @param workDir        the local data directory ({@code .local}); Keycloak lives in its {@code keycloak/}
     * @param httpPort       0 = a free port
     * @param managementPort 0 = a free port
     * @param javaHome       a Java 21+ home (Keycloak 26 does not run on 17)
     * @param distZip        {@code org.keycloak:keycloak-quarkus-dist:<version>:zip}
     * @param realmFile      the realm to import ({@code deploy/k8s/base/keycloak/realm-privacy.json})
     */
    public static KeycloakServer start(Path workDir, int httpPort, int managementPort, Path javaHome, Path distZip,
                                       Path realmFile, Duration startTimeout) {
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            throw new UnsupportedOperationException("the local Keycloak needs a POSIX shell (kc.sh)");
        }
        long begin = System.nanoTime();
        Path dir = workDir.toAbsolutePath().normalize().resolve(DIR);
        int javaVersion = javaMajorVersion(javaHome);
        if (javaVersion < 21) {
            throw new IllegalStateException("Keycloak 26 needs Java 21 or later; " + javaHome + " is Java "
                    + javaVersion + " (set JAVA21_HOME)");
        }
        if (!Files.isRegularFile(distZip)) {
            throw new IllegalStateException("no Keycloak distribution at " + distZip);
        }
        if (!Files.isRegularFile(realmFile)) {
            throw new IllegalStateException("no realm file at " + realmFile);
        }
        try {
            Files.createDirectories(dir);
            Path pidFile = dir.resolve(PID_FILE);
            reapOrphans(pidFile);
            Path home = unpack(distZip, dir);
            boolean newAdminPassword = !Files.isRegularFile(dir.resolve(ADMIN_PASSWORD_FILE));
            String adminPassword = secret(dir.resolve(ADMIN_PASSWORD_FILE));
            String userPassword = secret(dir.resolve(USER_PASSWORD_FILE));
            // A client secret Keycloak never saw (its file new) needs the realm imported again, as a new admin password.
            boolean newClientSecret = false;
            for (RealmClients.Client client : RealmClients.confidential()) {
                newClientSecret |= !Files.isRegularFile(dir.resolve(client.id() + ".secret"));
                secret(dir.resolve(client.id() + ".secret"));
            }
            prepareRealm(home, dir, realmFile, newAdminPassword || newClientSecret);

            int port = httpPort == 0 ? FreePorts.pick() : httpPort;
            int management = managementPort == 0 ? FreePorts.pick() : managementPort;
            requireFree(port, "HTTP");
            requireFree(management, "management");
            String baseUrl = "http://127.0.0.1:" + port;

            List<String> command = List.of(
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + management,
                    "--hostname=" + baseUrl, "--import-realm",
                    "-D" + MARKER_PROPERTY + "=" + pidFile);
            ProcessBuilder builder = ProcessSupport.logged(command, home, dir.resolve(LOG_FILE));
            Map<String, String> env = builder.environment();
            // Nothing from the caller's shell that kc.sh or Quarkus would pick up (KC_DB, JAVA_OPTS, DEBUG...).
            env.keySet().removeIf(key -> key.startsWith("KC_") || key.startsWith("KEYCLOAK_") || key.startsWith("QUARKUS_")
                    || key.startsWith("JAVA_OPTS") || Set.of("JAVA", "JAVA_ADD_OPENS", "JAVA_LOCALE", "DEBUG", "DEBUG_PORT",
                    "DEBUG_SUSPEND", "PRINT_ENV").contains(key));
            env.put("JAVA_HOME", javaHome.toAbsolutePath().toString());
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakTokens.ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            // The realm's placeholders for privacy-frontend and the officer's console's privacy-console: one exact
            // loopback redirect URI each, never a wildcard.
            env.put("PRIVACY_FRONTEND_REDIRECT_URI", LOCAL_FRONTEND_REDIRECT_URI);
            env.put("PRIVACY_FRONTEND_ORIGIN", LOCAL_FRONTEND_ORIGIN);
            env.put("PRIVACY_CONSOLE_REDIRECT_URI", LOCAL_FRONTEND_REDIRECT_URI);
            env.put("PRIVACY_CONSOLE_ORIGIN", LOCAL_FRONTEND_ORIGIN);
            // Each confidential client's own secret, as the Keycloak pod reads them from their Secrets.
            for (RealmClients.Client client : RealmClients.confidential()) {
                env.put(secretVariable(client.id()), secret(dir.resolve(client.id() + ".secret")));
            }
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            // Java 24+: jboss-threads resets thread locals through java.lang internals.
            env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");

            Process process = builder.start();
            ProcessSupport.writePid(pidFile, process.pid());
            Process watchdog = ProcessSupport.startWatchdog(process.pid(), "TERM");
            AtomicReference<KeycloakServer> self = new AtomicReference<>();
            Thread hook = new Thread(() -> {
                KeycloakServer started = self.get();
                if (started != null) {
                    started.close();
                } else {
                    stop(process);
                }
            }, "keycloak-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            KeycloakTokens tokens = new KeycloakTokens(baseUrl, adminPassword, userPassword);
            try {
                awaitReady(baseUrl, process, dir.resolve(LOG_FILE), startTimeout);
                ProcessSupport.writeAtomically(dir.resolve(SERVER_URL_FILE), baseUrl + "\n");
                tokens.prepare();
            } catch (RuntimeException e) {
                stop(process);
                if (watchdog != null) {
                    watchdog.destroy();
                }
                ProcessSupport.removeShutdownHook(hook);
                ProcessSupport.deletePidFile(pidFile, process.pid());
                throw e;
            }
            Duration startup = Duration.ofNanos(System.nanoTime() - begin);
            KeycloakServer server = new KeycloakServer(baseUrl, dir, process, watchdog, hook, tokens, startup);
            self.set(server);
            LOG.log(Level.INFO, "Keycloak ready at {0} in {1} s (pid {2}, Java {3}, log {4})", baseUrl,
                    Long.toString(startup.toSeconds()), Long.toString(process.pid()), Integer.toString(javaVersion),
                    dir.resolve(LOG_FILE));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Keycloak in " + dir, e);
        }
    }

    @Override
    public String issuerUrl() {
        return baseUrl + "/realms/" + KeycloakTokens.REALM;
    }

    /** Keycloak's root URL, e.g. {@code http://127.0.0.1:8180} (admin console under {@code /admin}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** Wall time of {@link #start}, unpacking included. */
    public Duration startupTime() {
        return startupTime;
    }

    public Path logFile() {
        return dir.resolve(LOG_FILE);
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public String token(String subject, Set<String> roles) {
        return tokens.token(subject, roles);
    }

    @Override
    public ServiceClient client(String clientId) {
        return new ServiceClient(clientId, clientSecret(dir.getParent(), clientId));
    }

    @Override
    public String clientToken(String clientId) {
        return tokens.clientToken(clientId, client(clientId).secret());
    }

    /** The secret the local Keycloak imported for the realm's confidential client {@code clientId}. */
    static String clientSecret(Path workDir, String clientId) {
        if (!RealmClients.client(clientId).confidential()) {
            throw new IllegalArgumentException(clientId + " is a public client: a person signs in through it");
        }
        Path file = workDir.toAbsolutePath().normalize().resolve(DIR).resolve(clientId + ".secret");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("no secret of " + clientId + " in " + file + ": start deploy/local/run --keycloak first", e);
        }
    }

    /** The environment variable the realm file names for a client's secret: {@code web-backend} reads {@code WEB_BACKEND_CLIENT_SECRET}. */
    static String secretVariable(String clientId) {
        return clientId.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_CLIENT_SECRET";
    }

    @Override
    public String howToGetTokens() {
        return "  deploy/local/token privacy-officer dpo-1        (Keycloak user dpo-1 with that realm role, password grant"
                + " through privacy-console; data-subject through privacy-frontend)\n"
                + "  deploy/local/token web-backend                  (client credentials of web-backend or billing-backend,"
                + " secrets in " + dir + "/<client>.secret)\n"
                + "  Keycloak: sub = Keycloak's user id (a UUID), preferred_username = the subject given, lowercased\n"
                + "  admin console " + baseUrl + "/admin (user " + KeycloakTokens.ADMIN_USER + ", password in "
                + dir.resolve(ADMIN_PASSWORD_FILE) + "), log " + logFile() + "\n";
    }

    /** SIGTERM (kc.sh passes it to Keycloak, which shuts down cleanly), SIGKILL after 30 s. Idempotent. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        stop(process);
        if (watchdog != null) {
            watchdog.destroy();
        }
        ProcessSupport.removeShutdownHook(shutdownHook);
        ProcessSupport.deletePidFile(dir.resolve(PID_FILE), process.pid());
    }

    @Override
    public String toString() {
        return "KeycloakServer[" + issuerUrl() + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The major version in {@code <javaHome>/release} (JAVA_VERSION="21.0.5" = 21, "1.8.0_412" = 8), 0 if unknown. */
    static int javaMajorVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(javaHome.resolve("bin/java"))) {
            throw new IllegalStateException("no bin/java in " + javaHome);
        }
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String[] parts = line.substring("JAVA_VERSION=".length()).replace("\"", "").trim().split("[._+-]");
                    int major = Integer.parseInt(parts[0]);
                    return major == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : major;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** Unpacks the distribution into {@code dir/<top folder of the zip>} unless already done; returns that folder. */
    static Path unpack(Path distZip, Path dir) throws IOException {
        try (ZipFile zip = new ZipFile(distZip.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            if (!entries.hasMoreElements()) {
                throw new IllegalStateException(distZip + " is empty");
            }
            String first = entries.nextElement().getName();
            String top = first.contains("/") ? first.substring(0, first.indexOf('/')) : first;
            Path home = dir.resolve(top).normalize();
            if (!home.getParent().equals(dir) || top.isBlank() || top.startsWith(".")) {
                throw new IllegalStateException("unexpected layout of " + distZip);
            }
            if (Files.isRegularFile(home.resolve(UNPACKED_MARKER))) {
                return home;
            }
            LOG.log(Level.INFO, "Unpacking {0} into {1} (once)", distZip.getFileName(), dir);
            Path staging = dir.resolve(".unpacking");
            ProcessSupport.deleteRecursively(staging);
            ProcessSupport.deleteRecursively(home);
            Files.createDirectories(staging);
            for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                ZipEntry entry = all.nextElement();
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging.resolve(top))) {
                    throw new IllegalStateException("entry outside " + top + " in " + distZip + ": " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                // java.util.zip drops the Unix modes: the launch scripts must stay executable.
                String name = entry.getName().substring(top.length() + 1);
                if (name.startsWith("bin/") && name.endsWith(".sh")) {
                    target.toFile().setExecutable(true, false);
                }
            }
            Files.move(staging.resolve(top), home, StandardCopyOption.ATOMIC_MOVE);
            ProcessSupport.deleteRecursively(staging);
            Files.writeString(home.resolve(UNPACKED_MARKER), distZip.getFileName() + "\n");
            return home;
        }
    }

    /**
     * Copies the realm to {@code data/import}. Keycloak imports it only into an empty database (an existing realm
     * is left alone), so a changed realm file, or an admin password Keycloak never saw, drops the local database.
     */
    private static void prepareRealm(Path home, Path dir, Path realmFile, boolean newSecret) throws IOException {
        Path database = home.resolve("data/h2");
        Path hashFile = dir.resolve(REALM_HASH_FILE);
        String hash = sha256(realmFile);
        String previous = Files.isRegularFile(hashFile) ? Files.readString(hashFile, StandardCharsets.UTF_8).trim() : "";
        if (Files.isDirectory(database) && (newSecret || !hash.equals(previous))) {
            LOG.log(Level.INFO, "{0}: the local Keycloak database is reset and the realm imported again"
                    + " (local users are recreated on demand)", newSecret ? "New admin password or client secret" : "Realm file changed");
            ProcessSupport.deleteRecursively(database);
        }
        Path imports = home.resolve("data/import");
        ProcessSupport.deleteRecursively(imports);
        Files.createDirectories(imports);
        Files.copy(realmFile, imports.resolve("realm-privacy.json"), StandardCopyOption.REPLACE_EXISTING);
        ProcessSupport.writeAtomically(hashFile, hash + "\n");
    }

    private static void awaitReady(String baseUrl, Process process, Path log, Duration timeout) {
        String issuer = baseUrl + "/realms/" + KeycloakTokens.REALM;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest discovery = HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = client.send(discovery, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && response.body().contains("\"issuer\":\"" + issuer + "\"")) {
                    return;
                }
                last = "HTTP " + response.statusCode();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            try {
                if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                            + " during startup\n" + ProcessSupport.tail(log, 60));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak not ready within " + timeout.toSeconds() + " s (last: " + last
                        + "; set -Dkeycloak.start-timeout=SECONDS on a slow machine)\n" + ProcessSupport.tail(log, 60));
            }
        }
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket probe = new ServerSocket(port, 1, FreePorts.loopback())) {
            // bound, so free: released right away for Keycloak
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak's " + what + " port 127.0.0.1:" + port
                    + " is in use (another local run, Keycloak or token issuer?)");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Processes (ProcessSupport, as the other launchers): kc.sh runs Keycloak's JVM as its child and passes SIGTERM
    // on; stopping takes the JVM down too when kc.sh cannot (killed, or not stopping in time).

    /**
     * Stops a Keycloak left running by a killed run of this data directory: the process in the pid file and any
     * process carrying this directory's marker (Keycloak's JVM outlives a kc.sh killed with SIGKILL). A recycled
     * pid of another process does not carry the marker and is left alone.
     */
    static void reapOrphans(Path pidFile) {
        String marker = "-D" + MARKER_PROPERTY + "=" + pidFile;
        ProcessSupport.reap("Keycloak", ProcessSupport.readPid(pidFile), "TERM", STOP_TIMEOUT, true, marker);
        List<Long> pids;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            pids = all.map(ProcessHandle::pid).toList();
        }
        for (long pid : pids) {
            ProcessSupport.reap("Keycloak process", OptionalLong.of(pid), "TERM", STOP_TIMEOUT, true, marker);
        }
        ProcessSupport.deleteQuietly(pidFile);
    }

    /** SIGTERM to kc.sh, then to a JVM of it still running; SIGKILL to both after {@link #STOP_TIMEOUT}. */
    private static void stop(Process process) {
        ProcessSupport.stop(process.toHandle(), "TERM", STOP_TIMEOUT, true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files.

    /** A random secret generated on first use and kept, owner-only ({@code rw-------}). */
    static String secret(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String kept = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (!kept.isEmpty()) {
                return kept;
            }
        }
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return value;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
