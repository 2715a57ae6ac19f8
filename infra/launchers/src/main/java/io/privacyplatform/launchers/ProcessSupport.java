package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Process plumbing shared by the launchers (this module's, and deploy/local's Keycloak): pid files, orphan reaping,
 * graceful stop, log tails, watchdogs. Local development and tests only.
 */
public final class ProcessSupport {

    static final System.Logger LOG = System.getLogger("io.privacyplatform.launchers");
    static final String WATCHDOG_PROPERTY = "privacyplatform.devinfra.watchdog";

    private ProcessSupport() {
    }

    /** The {@code java} of the running JVM. */
    static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", isWindows() ? "java.exe" : "java");
        return java.toString();
    }

    static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows");
    }

    /**
     * A child process of the launchers: working in {@code dir}, stdout and stderr into {@code log} (the console keeps
     * only the banner and errors), no stdin, so a child never waits on the launcher's terminal.
     */
    public static ProcessBuilder logged(List<String> command, Path dir, Path log) {
        return new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File(isWindows() ? "NUL" : "/dev/null")));
    }

    static boolean isLinux() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("linux");
    }

    /** First line of a pid file, if the file exists and holds a number. */
    public static OptionalLong readPid(Path pidFile) {
        if (!Files.isRegularFile(pidFile)) {
            return OptionalLong.empty();
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            if (lines.isEmpty()) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Writes a pid file atomically. */
    public static void writePid(Path pidFile, long pid) {
        writeAtomically(pidFile, pid + "\n");
    }

    /** Writes a UTF-8 file through a temporary sibling and an atomic move, creating the parent directories. */
    public static void writeAtomically(Path file, String content) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Deletes a pid file only if it still names {@code pid} (a newer run may have replaced it). */
    public static void deletePidFile(Path pidFile, long pid) {
        OptionalLong current = readPid(pidFile);
        if (current.isPresent() && current.getAsLong() == pid) {
            deleteQuietly(pidFile);
        }
    }

    /**
     * Watchdogs (child processes stopping when this JVM disappears) are on unless the system property
     * {@value #WATCHDOG_PROPERTY} is {@code false} (tests of orphan reaping use that).
     */
    static boolean watchdogsEnabled() {
        return !"false".equalsIgnoreCase(System.getProperty(WATCHDOG_PROPERTY));
    }

    /** Deletes a file if it exists, ignoring failures. */
    public static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * The full command line of a process. On Linux read from /proc (ProcessHandle.Info may be truncated or empty
     * for processes of other users); elsewhere from ProcessHandle.Info.
     */
    static String commandLine(ProcessHandle handle) {
        if (isLinux()) {
            Path cmdline = Path.of("/proc", Long.toString(handle.pid()), "cmdline");
            try {
                byte[] raw = Files.readAllBytes(cmdline);
                return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            } catch (IOException e) {
                // gone, or not readable: fall back
            }
        }
        ProcessHandle.Info info = handle.info();
        return info.commandLine().orElseGet(() -> info.command().orElse("")
                + " " + String.join(" ", info.arguments().orElse(new String[0])));
    }

    /** The live process of that pid whose command line contains every marker, if any. */
    static Optional<ProcessHandle> aliveMatching(long pid, String... markers) {
        if (pid == ProcessHandle.current().pid()) {
            return Optional.empty();
        }
        return ProcessHandle.of(pid).filter(ProcessSupport::isLive).filter(h -> {
            String cmd = commandLine(h);
            for (String marker : markers) {
                if (!cmd.contains(marker)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Stops, as {@link #stop}, the process of {@code pid} if it is alive and its command line has every marker. */
    public static boolean reap(String what, OptionalLong pid, String signal, Duration graceful, boolean withDescendants,
                               String... markers) {
        // A leftover of a previous run (killed test JVM, Ctrl-C of Maven); a recycled pid of an unrelated process
        // lacks the markers and is left alone. Returns whether an orphan was stopped.
        if (pid.isEmpty()) {
            return false;
        }
        Optional<ProcessHandle> orphan = aliveMatching(pid.getAsLong(), markers);
        if (orphan.isEmpty()) {
            return false;
        }
        LOG.log(Level.WARNING, "Stopping orphaned {0} (pid {1}) left by an earlier run", what,
                Long.toString(pid.getAsLong()));
        stop(orphan.get(), signal, graceful, withDescendants);
        return true;
    }

    /** Sends {@code signal} ("TERM", "INT"...), waits up to {@code graceful}, then SIGKILLs; waits for the exit. */
    public static void stop(ProcessHandle handle, String signal, Duration graceful, boolean withDescendants) {
        // With descendants (a launch script and the server it started, e.g. kc.sh and Keycloak's JVM): those taken
        // before the signal (an orphaned child is no longer a descendant), each signalled in turn once the ones
        // before it have exited, all within the same graceful period, and all SIGKILLed after it.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(handle);
        if (withDescendants) {
            tree.addAll(handle.descendants().toList());
        }
        long deadline = System.nanoTime() + graceful.toNanos();
        boolean exited = true;
        for (ProcessHandle process : tree) {
            if (exited && isLive(process)) {
                signal(process, signal);
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            exited = awaitExit(process, exited ? left : Duration.ZERO) && exited;
        }
        if (!exited) {
            LOG.log(Level.WARNING, "pid {0} did not stop within {1}, killing it", Long.toString(handle.pid()), graceful);
            tree.forEach(ProcessHandle::destroyForcibly);
            tree.forEach(process -> awaitExit(process, Duration.ofSeconds(15)));
        }
    }

    private static void signal(ProcessHandle handle, String signal) {
        if ("TERM".equals(signal) || isWindows()) {
            handle.destroy();
        } else {
            sendSignal(handle.pid(), signal);
        }
    }

    /**
     * Waits until the process has exited. A zombie counts as exited: an orphaned server (PostgreSQL after pg_ctl,
     * a reaped orphan) is re-parented to PID 1, which may take its time to reap it, and a zombie holds no port,
     * file or lock.
     */
    static boolean awaitExit(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isLive(handle)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                handle.onExit().get(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !isLive(handle);
            } catch (ExecutionException e) {
                return !isLive(handle);
            }
        }
        return true;
    }

    /** Alive and, on Linux, not a zombie. */
    public static boolean isLive(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        if (isLinux()) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
                int afterName = stat.lastIndexOf(')');
                if (afterName > 0 && afterName + 2 < stat.length()) {
                    return stat.charAt(afterName + 2) != 'Z';
                }
            } catch (IOException e) {
                return handle.isAlive();
            }
        }
        return true;
    }

    static void sendSignal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A shell sending {@code signal} to {@code childPid} when this JVM dies (SIGKILL too); null if none. */
    public static Process startWatchdog(long childPid, String signal) {
        // Exits by itself when the child exits. None on Windows, nor with the watchdog property false.
        if (isWindows() || !watchdogsEnabled()) {
            return null;
        }
        String script = "while kill -0 \"$0\" 2>/dev/null && kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
                + "kill -0 \"$0\" 2>/dev/null || kill -\"$2\" \"$1\" 2>/dev/null; exit 0";
        try {
            return new ProcessBuilder("sh", "-c", script,
                    Long.toString(ProcessHandle.current().pid()), Long.toString(childPid), signal)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "no watchdog for pid " + childPid, e);
            return null;
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    /** Last lines of a log file, for failure messages. */
    public static String tail(Path file, int maxLines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int window = (int) Math.min(length, 64 * 1024);
            byte[] buf = new byte[window];
            raf.seek(length - window);
            raf.readFully(buf);
            String text = new String(buf, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\r?\n")));
            int from = Math.max(0, lines.size() - maxLines);
            return "---- last lines of " + file + " ----\n" + String.join("\n", lines.subList(from, lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Removes a JVM shutdown hook unless the JVM is already shutting down. */
    public static void removeShutdownHook(Thread hook) {
        if (hook == null || Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to
        }
    }

    /** Recursively deletes a directory, if it exists (used only on directories the launchers own). */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
