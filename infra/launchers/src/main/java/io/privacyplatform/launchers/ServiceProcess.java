package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A packaged Quarkus application ({@code <module>/target/quarkus-app/quarkus-run.jar}) running in its own JVM
 * ({@code -Xmx256m}), bound to 127.0.0.1:{@code httpPort}, configured through system properties.
 * <p>
 * Files in {@code workDir} (also the process' working directory, so no stray {@code .env} or
 * {@code config/application.properties} is picked up): {@code <name>.log} (stdout and stderr, rewritten at each
 * start) and {@code <name>.pid} (for reaping the process after a killed run). The process also stops when the
 * JVM that started it disappears (POSIX shell watchdog).
 */
public final class ServiceProcess implements AutoCloseable {

    /** Marker system property on the service command line: identifies our processes when reaping. */
    static final String MARKER_PROPERTY = "privacyplatform.devinfra.process";
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final int httpPort;
    private final Path workDir;
    private final Process process;
    private final Process watchdog;
    private final Thread shutdownHook;
    private volatile Duration startupTime = Duration.ZERO;
    private volatile boolean stopped;

    private ServiceProcess(String name, int httpPort, Path workDir, Process process, Process watchdog,
            Thread shutdownHook) {
        this.name = name;
        this.httpPort = httpPort;
        this.workDir = workDir;
        this.process = process;
        this.watchdog = watchdog;
        this.shutdownHook = shutdownHook;
    }

    /** Starts the app and waits until {@code /q/health/ready} answers 200 (default timeout, default JVM options). */
    public static ServiceProcess start(String name, Path quarkusRunJar, int httpPort, Map<String, String> config,
            Path workDir) {
        return start(name, quarkusRunJar, httpPort, config, workDir, List.of(), DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts the app and waits until {@code GET http://127.0.0.1:<httpPort>/q/health/ready} answers 200.
     *
     * @param name short name, used for the log and pid file names ([A-Za-z0-9._-]+)
     * @param config passed as {@code -Dkey=value} (on the command line: no secrets of real systems here)
     * @param extraJvmArgs added after the default JVM options (e.g. {@code -Xmx384m} overrides the heap)
     */
    public static ServiceProcess start(String name, Path quarkusRunJar, int httpPort, Map<String, String> config,
            Path workDir, List<String> extraJvmArgs, Duration startTimeout) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("invalid service name: " + name);
        }
        Path jar = quarkusRunJar.toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: package the service first (./mvnw package)");
        }
        long started = System.nanoTime();
        Path dir = workDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        Path pidFile = dir.resolve(name + ".pid");
        Path log = dir.resolve(name + ".log");
        reapOrphan(name, dir);
        int port = httpPort == 0 ? FreePorts.pick() : httpPort;

        List<String> command = new ArrayList<>(List.of(
                ProcessSupport.javaExecutable(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-D" + MARKER_PROPERTY + "=" + pidFile));
        command.addAll(extraJvmArgs);
        Map<String, String> properties = new TreeMap<>(config);
        properties.putIfAbsent("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", Integer.toString(port));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());

        Process process;
        try {
            process = ProcessSupport.logged(command, dir, log).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        ProcessSupport.writePid(pidFile, process.pid());
        Process watchdog = ProcessSupport.startWatchdog(process.pid(), "TERM");
        Thread hook = new Thread(() -> {
            ProcessSupport.stop(process.toHandle(), "TERM", STOP_TIMEOUT, false);
            if (watchdog != null) {
                watchdog.destroy();
            }
        }, name + "-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ServiceProcess service = new ServiceProcess(name, port, dir, process, watchdog, hook);
        try {
            service.awaitReady(startTimeout);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        service.startupTime = Duration.ofNanos(System.nanoTime() - started);
        ProcessSupport.LOG.log(Level.INFO, "{0} ready on 127.0.0.1:{1} in {2} ms (pid {3})", name,
                Integer.toString(port), Long.toString(service.startupTime.toMillis()), Long.toString(process.pid()));
        return service;
    }

    /** Stops a process of that name left running in {@code workDir} by an earlier run. */
    public static boolean reapOrphan(String name, Path workDir) {
        Path pidFile = workDir.toAbsolutePath().normalize().resolve(name + ".pid");
        boolean reaped = ProcessSupport.reap(name, ProcessSupport.readPid(pidFile), "TERM", STOP_TIMEOUT, false,
                "-D" + MARKER_PROPERTY + "=" + pidFile);
        ProcessSupport.deleteQuietly(pidFile);
        return reaped;
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path logFile() {
        return workDir.resolve(name + ".log");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Wall time from {@link #start} to readiness. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Graceful stop (SIGTERM: Quarkus shuts down cleanly), SIGKILL after a timeout. Idempotent. */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        ProcessSupport.stop(process.toHandle(), "TERM", STOP_TIMEOUT, false);
        if (watchdog != null) {
            watchdog.destroy();
        }
        ProcessSupport.removeShutdownHook(shutdownHook);
        ProcessSupport.deletePidFile(workDir.resolve(name + ".pid"), process.pid());
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ServiceProcess[" + name + ", " + baseUrl() + "]";
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        String lastAnswer = "no answer";
        while (true) {
            try {
                HttpResponse<String> response = client.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException(name + " exited with code " + process.exitValue()
                            + " during startup\n" + ProcessSupport.tail(logFile(), 60));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not ready within " + timeout + " (last: " + lastAnswer
                        + ")\n" + ProcessSupport.tail(logFile(), 60));
            }
        }
    }
}
