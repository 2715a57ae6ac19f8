package io.privacyplatform.benchmarks;

import io.privacyplatform.launchers.LocalPlatform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time used so far by each part of the benchmark (a process and its descendants, e.g. PostgreSQL's backends), to
 * tell whether a run was bound by the machine's cores or by waiting.
 */
final class CpuTime {

    /** Parts in report order: partner-sync, Kafka, PostgreSQL, this JVM (sandbox, Kafka clients, bookkeeping). */
    static Map<String, Duration> snapshot(BenchmarkPlatform platform) {
        Map<String, Duration> used = new LinkedHashMap<>();
        if (platform.instances.size() == 1) {
            used.put("partner-sync", of(platform.service.pid(), true));
        } else {
            for (int i = 0; i < platform.instances.size(); i++) {
                used.put("partner-sync #" + (i + 1), of(platform.instances.get(i).pid(), true));
            }
        }
        used.put("Kafka", of(platform.kafka.pid(), true));
        used.put("PostgreSQL", of(platform.postgres.pid(), true));
        used.put("benchmark JVM", of(ProcessHandle.current().pid(), false)); // its children are the parts above
        return used;
    }

    /**
     * What each part used between two snapshots; never negative: a descendant process not yet collected by its parent,
     * or a thread, that ended between them took its time out of the second, so a part can only be understated, never
     * given less than nothing.
     */
    static Map<String, Duration> between(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Duration> used = new LinkedHashMap<>();
        after.forEach((part, total) -> {
            Duration delta = total.minus(before.getOrDefault(part, Duration.ZERO));
            used.put(part, delta.isNegative() ? Duration.ZERO : delta);
        });
        return used;
    }

    /**
     * The same for any benchmark of the suite: each service of the platform, Kafka, PostgreSQL (with its backends)
     * and this JVM (the load generator and, for some benchmarks, the measured code itself).
     */
    static Map<String, Duration> snapshot(LocalPlatform platform, java.util.Collection<String> services) {
        Map<String, Duration> used = new LinkedHashMap<>();
        for (String service : services) {
            used.put(service, of(platform.service(service).pid(), true));
        }
        used.put("Kafka", of(platform.kafka().pid(), true));
        used.put("PostgreSQL", of(platform.postgres().pid(), true));
        used.put("benchmark JVM", of(ProcessHandle.current().pid(), false));
        return used;
    }

    /** The thread group of a JVM's JIT compiler threads in {@link #byThread}. */
    static final String JIT_COMPILER = "JIT compiler";

    /**
     * CPU used so far by a JVM's JIT compiler threads ({@code C1/C2 CompilerThread*}, from Linux's {@code /proc}; zero
     * where unreadable): warm-up work that fades as the code settles, shown apart from what each operation costs. A
     * compiler thread the JVM retired took its time out of the per-thread view, so this can only understate it.
     */
    static Duration jitCompilation(long pid) {
        return byThread(pid).getOrDefault(JIT_COMPILER, Duration.ZERO);
    }

    /**
     * CPU used so far by a JVM's threads, by group: the thread's name without its number (Linux keeps 15 characters of
     * it, e.g. {@code vert.x-eventloo}), the JIT compiler threads as {@link #JIT_COMPILER}. From {@code /proc}; empty
     * where unreadable. It sees what a sampling profiler does not: time in the kernel, in the JVM's own threads, and
     * in Java threads outside Java code. A thread that ended took its time out of this view (the process's total keeps
     * it), so the groups may add up to less than the process.
     */
    static Map<String, Duration> byThread(long pid) {
        Path process = Path.of("/proc", Long.toString(pid));
        try (Stream<Path> threads = Files.list(process.resolve("task"))) {
            long processTicks = ticks(process);
            Map<String, Long> groupTicks = new LinkedHashMap<>();
            for (Path thread : threads.toList()) {
                try {
                    groupTicks.merge(threadGroup(Files.readString(thread.resolve("comm")).strip()), ticks(thread), Long::sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended between the listing and the read
                }
            }
            Duration total = of(pid, false);
            Map<String, Duration> used = new LinkedHashMap<>();
            // Clock ticks to time, by the process's own ratio (no assumption on the kernel's tick rate).
            groupTicks.forEach((group, ticks) -> used.put(group, processTicks == 0 ? Duration.ZERO
                    : Duration.ofNanos((long) ((double) total.toNanos() * ticks / processTicks))));
            return used;
        } catch (IOException | RuntimeException unreadable) {
            return Map.of();
        }
    }

    /** A thread's group: its name without its number; the JIT compiler threads as {@link #JIT_COMPILER}. */
    static String threadGroup(String name) {
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            return JIT_COMPILER;
        }
        String group = name.replaceAll("[-#_ ]?\\d+$", "");
        return group.isEmpty() ? name : group;
    }

    /** utime + stime of a process or thread, in clock ticks (fields 14 and 15 of its {@code stat}). */
    private static long ticks(Path procEntry) throws IOException {
        String[] fields = statFields(procEntry);
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The fields of a process's or thread's {@code stat} after its name: the first is field 3, the state. */
    private static String[] statFields(Path procEntry) throws IOException {
        String stat = Files.readString(procEntry.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** {@link #jitCompilation} of each service of the platform. */
    static Map<String, Duration> jitSnapshot(LocalPlatform platform, java.util.Collection<String> services) {
        Map<String, Duration> used = new LinkedHashMap<>();
        for (String service : services) {
            used.put(service, jitCompilation(platform.service(service).pid()));
        }
        return used;
    }

    /**
     * A process's CPU, with its descendants': the live ones', and the ended ones' that their parent collected
     * (PostgreSQL's backends of the connections a phase closed, which would otherwise take their time with them).
     */
    private static Duration of(long pid, boolean withDescendants) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return Duration.ZERO;
        }
        return Stream.concat(Stream.of(process.get()), withDescendants ? process.get().descendants() : Stream.empty())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).plus(withDescendants ? endedChildren(p.pid()) : Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** cutime + cstime (fields 16 and 17 of its {@code stat}): the CPU of its children that ended and it waited for. */
    private static Duration endedChildren(long pid) {
        try {
            String[] fields = statFields(Path.of("/proc", Long.toString(pid)));
            return Duration.ofNanos((Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * NANOS_PER_TICK);
        } catch (IOException | RuntimeException unreadable) {
            return Duration.ZERO; // ended since the listing, or not Linux
        }
    }

    /** The length of the kernel's clock tick in {@code /proc} ({@code getconf CLK_TCK}; 100 per second elsewhere). */
    private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private CpuTime() {
    }
}
