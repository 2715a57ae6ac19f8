package io.privacyplatform.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A profile of the measured service over one measured phase ({@code --profile perf}), from Linux's {@code perf}:
 * samples of the whole machine, those of the process's threads kept, with their call stacks, the kernel's part and
 * the JVM's own threads included, which a JVM sampling profiler (JFR) does not see (a tenth to a sixth of a service's
 * CPU in the kernel, a fifth to a third in its compiler threads). JIT-compiled Java frames are named from the JVM's
 * perf map ({@code jcmd <pid> Compiler.perfmap}); the service runs with {@code -XX:+PreserveFramePointer} so that
 * their stacks can be walked ({@link #JVM_ARG}).
 * <p>
 * A profiled run costs the service a little more (the sampling, the frame pointer): it says where the CPU goes, not
 * what the figures are.
 */
final class PerfProfile {

    /** What {@code --profile} takes. */
    static final String PERF = "perf";
    static final String NONE = "none";

    /** Lets perf walk the stacks of JIT-compiled code. */
    static final String JVM_ARG = "-XX:+PreserveFramePointer";

    /**
     * A sample every this many nanoseconds of each core's time (499 per second; odd, so that it does not beat with
     * the services' 10 ms timers). A fixed period, not perf's frequency mode, which adapts the period on its own: every
     * sample must stand for the same CPU time.
     */
    private static final long PERIOD_NANOS = 2_004_008;

    private static final Pattern HEADER = Pattern.compile("^(\\S.*?)\\s+(\\d+)\\s*$");
    private static final Pattern FRAME = Pattern.compile("^\\s+[0-9a-f]+\\s+(.*?)\\s+\\((.*)\\)\\s*$");
    /** The kernel's frames of a context switch: the thread went to sleep here, or was switched back in. */
    private static final Set<String> CONTEXT_SWITCH = Set.of("__schedule", "schedule", "finish_task_switch",
            "finish_task_switch.isra.0");

    /** The group of threads perf saw start during the phase: it has no name for them. */
    static final String STARTED_DURING = "(threads started during the phase)";

    private final long pid;
    private final String service;
    private final Path data;
    private final Path log;
    private final Process perf;
    private final String unavailable;
    /** The process's CPU by thread group when sampling started, to show next to the samples what each group used. */
    private final Map<String, Duration> threadsAtStart;

    private PerfProfile(long pid, String service, Path data, Path log, Process perf, String unavailable) {
        this.pid = pid;
        this.service = service;
        this.data = data;
        this.log = log;
        this.perf = perf;
        this.unavailable = unavailable;
        this.threadsAtStart = CpuTime.byThread(pid);
    }

    /** Whether {@code --profile} asks for perf ({@code perf}) or nothing ({@code none}); anything else is an error. */
    static boolean wanted(String option) {
        if (PERF.equals(option)) {
            return true;
        }
        if (NONE.equals(option)) {
            return false;
        }
        throw new IllegalArgumentException("--profile takes " + PERF + " or " + NONE + ", got " + option);
    }

    /**
     * Starts sampling the process {@code pid} (null when not {@code wanted}). When perf is missing or refuses, the
     * profile says why instead of failing the benchmark.
     */
    static PerfProfile start(boolean wanted, long pid, String service, Path dir, String phase) {
        if (!wanted) {
            return null;
        }
        String name = "perf-" + phase.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
        Path data = dir.resolve(name + ".data");
        Path log = dir.resolve(name + ".log");
        try (WatchService created = dir.getFileSystem().newWatchService()) {
            Files.createDirectories(dir);
            Files.deleteIfExists(data);
            dir.register(created, StandardWatchEventKinds.ENTRY_CREATE);
            // The whole machine, the service's samples picked out afterwards: attached to the process's threads
            // (-p), perf sampled only a few of a worker pool's threads (measured: 2.7 s of their 17.7 s of CPU).
            Process perf = new ProcessBuilder("perf", "record", "-a", "-e", "cpu-clock", "-c", Long.toString(PERIOD_NANOS),
                    "-g", "-o", data.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // perf creates its file once its events are open on every core.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(data) && perf.isAlive() && System.nanoTime() < deadline) {
                WatchKey key = created.poll(100, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
            if (!perf.isAlive()) {
                return new PerfProfile(pid, service, data, log, null, "perf did not start: " + firstLine(log));
            }
            return new PerfProfile(pid, service, data, log, perf, null);
        } catch (IOException e) {
            return new PerfProfile(pid, service, data, log, null, "perf is not available (" + e.getMessage()
                    + "; Debian: apt-get install linux-perf)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PerfProfile(pid, service, data, log, null, "interrupted while perf started");
        }
    }

    /** Stops sampling and summarizes: where the service's CPU went during the phase, as Markdown. */
    String stopAndSummarize(String phase) {
        if (unavailable != null) {
            return "No perf profile of " + service + " over " + phase + ": " + unavailable + ".\n";
        }
        try {
            Map<String, Duration> threads = CpuTime.between(threadsAtStart, CpuTime.byThread(pid));
            perf.destroy(); // SIGTERM: perf writes its file and exits
            if (!perf.waitFor(60, TimeUnit.SECONDS)) {
                perf.destroyForcibly();
                return "No perf profile of " + service + " over " + phase + ": perf did not stop.\n";
            }
            // The names of the JIT-compiled methods, for perf script (it reads /tmp/perf-<pid>.map).
            Path map = Path.of("/tmp", "perf-" + pid + ".map");
            run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid),
                    "Compiler.perfmap"));
            Path script = data.resolveSibling(data.getFileName() + ".txt");
            run(List.of("perf", "script", "-i", data.toString(), "--pid", Long.toString(pid), "-F", "comm,tid,ip,sym,dso"),
                    script);
            Files.deleteIfExists(map);
            return summarize(phase, Files.readAllLines(script, StandardCharsets.UTF_8), threads);
        } catch (IOException | RuntimeException e) {
            return "No perf profile of " + service + " over " + phase + ": " + e.getMessage() + ".\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "No perf profile of " + service + " over " + phase + ": interrupted.\n";
        }
    }

    /** One sample: its thread group and its stack, innermost frame first. */
    record Sample(String group, List<Frame> stack) {
    }

    /** Where the CPU was: Java code, the JVM itself (its compilers, GC, runtime), the kernel, other native code. */
    enum Where {
        JAVA("Java"), JVM("JVM"), KERNEL("kernel"), NATIVE("native");

        final String label;

        Where(String label) {
            this.label = label;
        }
    }

    record Frame(String symbol, String dso) {

        Where where() {
            if (dso.equals("[kernel.kallsyms]")) {
                return Where.KERNEL;
            }
            if (dso.endsWith("libjvm.so")) {
                return Where.JVM;
            }
            if (dso.startsWith("/tmp/perf-") || dso.startsWith("[JIT]")) {
                return Where.JAVA;
            }
            return Where.NATIVE;
        }

        /** A short name: {@code Class.method} for Java, the symbol as it is otherwise. */
        String shortName() {
            if (where() != Where.JAVA || symbol.indexOf('(') < 0) {
                return symbol; // the JVM's and the kernel's, and the perf map's stubs ("Interpreter", "vtable chunks")
            }
            String name = symbol;
            int paren = name.indexOf('(');
            if (paren > 0) {
                name = name.substring(0, paren);
            }
            name = name.substring(name.lastIndexOf(' ') + 1);
            int method = name.lastIndexOf('.');
            int type = method > 0 ? name.lastIndexOf('.', method - 1) : -1;
            return type >= 0 ? name.substring(type + 1) : name;
        }
    }

    static List<Sample> parse(List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        String group = null;
        List<Frame> stack = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                if (group != null) {
                    samples.add(new Sample(group, List.copyOf(stack)));
                }
                group = null;
                stack.clear();
                continue;
            }
            Matcher frame = FRAME.matcher(line);
            if (group != null && frame.matches()) {
                String symbol = frame.group(1);
                stack.add(new Frame(symbol.replaceFirst("\\+0x[0-9a-f]+$", ""), frame.group(2)));
                continue;
            }
            Matcher header = HEADER.matcher(line);
            if (header.matches()) {
                if (group != null) {
                    samples.add(new Sample(group, List.copyOf(stack)));
                }
                String comm = header.group(1).strip();
                // perf names a thread it saw start only by ":<tid>" (a worker the pool added during the phase).
                group = comm.matches(":\\d+") ? STARTED_DURING : CpuTime.threadGroup(comm);
                stack.clear();
            }
        }
        if (group != null) {
            samples.add(new Sample(group, List.copyOf(stack)));
        }
        return samples;
    }

    private String summarize(String phase, List<String> script, Map<String, Duration> threads) {
        List<Sample> samples = parse(script);
        if (samples.isEmpty()) {
            return "No perf profile of " + service + " over " + phase + ": no sample (" + firstLine(log) + ").\n";
        }
        StringBuilder out = new StringBuilder();
        double procSeconds = threads.values().stream().mapToLong(Duration::toNanos).sum() / 1e9;
        out.append(SuiteReport.format("perf profile of %s over %s (`--profile perf`): %,d samples (one every %.1f ms "
                        + "of each core's time, those of its threads kept), with call stacks, the kernel included: they stand "
                        + "for %.1f s of CPU, where its threads used %.1f s (`/proc`, column \"CPU used\"; a thread that "
                        + "ended took its time out of it). A profiled run costs the service a little more: it tells where the "
                        + "CPU goes, not the figures.%n%n", service, phase, samples.size(), PERIOD_NANOS / 1e6,
                samples.size() * PERIOD_NANOS / 1e9, procSeconds));
        out.append(table(samples, threads));
        out.append('\n').append(hottest(samples, 12)).append('\n');
        out.append(applicationFrames(samples, 10)).append('\n');
        return out.toString();
    }

    /** A thread group's samples: how many, where each was (by its innermost frame), how many in a context switch. */
    private static final class Counts {
        int samples;
        final int[] where = new int[Where.values().length];
        int contextSwitches;

        void add(Sample sample) {
            samples++;
            where[sample.stack().isEmpty() ? Where.NATIVE.ordinal() : sample.stack().get(0).where().ordinal()]++;
            if (contextSwitch(sample)) {
                contextSwitches++;
            }
        }

        void add(Counts other) {
            samples += other.samples;
            for (int i = 0; i < where.length; i++) {
                where[i] += other.where[i];
            }
            contextSwitches += other.contextSwitches;
        }
    }

    /** Share of the samples by thread group, and within it where: Java, the JVM, the kernel (context switches), native. */
    static String table(List<Sample> samples, Map<String, Duration> threads) {
        Map<String, Counts> byGroup = new LinkedHashMap<>();
        Counts all = new Counts();
        for (Sample sample : samples) {
            byGroup.computeIfAbsent(sample.group(), g -> new Counts()).add(sample);
            all.add(sample);
        }
        List<Map.Entry<String, Counts>> groups = new ArrayList<>(byGroup.entrySet());
        groups.sort(Comparator.comparingInt((Map.Entry<String, Counts> e) -> e.getValue().samples).reversed());
        StringBuilder out = new StringBuilder("| thread group | CPU used (`/proc`) | sampled | share of the samples | in Java code"
                + " | in the JVM itself | in the kernel | of which putting the thread to sleep or waking it | in other native code |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        double total = samples.size();
        int shown = 0;
        Counts other = new Counts();
        double otherProc = 0;
        for (Map.Entry<String, Counts> group : groups) {
            double proc = seconds(threads.get(group.getKey()));
            if (shown++ < 10) {
                row(out, group.getKey().equals(STARTED_DURING) ? STARTED_DURING : "`" + group.getKey() + "`", proc,
                        group.getValue(), total);
            } else {
                otherProc += proc;
                other.add(group.getValue());
            }
        }
        if (other.samples > 0) {
            row(out, "the others", otherProc, other, total);
        }
        row(out, "**all**", threads.values().stream().mapToDouble(PerfProfile::seconds).sum(), all, total);
        return out.toString();
    }

    private static double seconds(Duration cpu) {
        return cpu == null ? 0 : cpu.toNanos() / 1e9;
    }

    private static void row(StringBuilder out, String name, double procSeconds, Counts c, double total) {
        out.append(SuiteReport.format("| %s | %.1f s | %.1f s | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% | %.1f %% |%n",
                name, procSeconds, c.samples * PERIOD_NANOS / 1e9, 100 * c.samples / total,
                100 * c.where[Where.JAVA.ordinal()] / total, 100 * c.where[Where.JVM.ordinal()] / total,
                100 * c.where[Where.KERNEL.ordinal()] / total, 100 * c.contextSwitches / total,
                100 * c.where[Where.NATIVE.ordinal()] / total));
    }

    private static boolean contextSwitch(Sample sample) {
        for (Frame frame : sample.stack()) {
            if (frame.where() != Where.KERNEL) {
                return false;
            }
            if (CONTEXT_SWITCH.contains(frame.symbol())) {
                return true;
            }
        }
        return false;
    }

    /** The functions the samples were in (their own time), the busiest first. */
    static String hottest(List<Sample> samples, int limit) {
        Map<String, Integer> self = new LinkedHashMap<>();
        for (Sample sample : samples) {
            if (!sample.stack().isEmpty()) {
                Frame leaf = sample.stack().get(0);
                self.merge("`" + leaf.shortName() + "` (" + leaf.where().label + ")", 1, Integer::sum);
            }
        }
        return "Own time, the busiest functions: " + top(self, samples.size(), limit) + ".\n";
    }

    /** The platform's own methods, by the samples in them or in what they called (each counted once per sample). */
    static String applicationFrames(List<Sample> samples, int limit) {
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        for (Sample sample : samples) {
            Set<String> seen = new HashSet<>();
            for (Frame frame : sample.stack()) {
                if (frame.where() == Where.JAVA && frame.symbol().contains("io.privacyplatform.")
                        && !frame.symbol().contains("$$") && !frame.symbol().contains("_Subclass")
                        && !frame.symbol().contains("_ClientProxy")) {
                    String name = frame.shortName();
                    if (seen.add(name)) {
                        inclusive.merge("`" + name + "`", 1, Integer::sum);
                    }
                }
            }
        }
        return inclusive.isEmpty() ? "No sample in the platform's own methods.\n"
                : "The platform's own methods, with what they call: " + top(inclusive, samples.size(), limit) + ".\n";
    }

    private static String top(Map<String, Integer> counts, int total, int limit) {
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(limit)
                .forEach(e -> parts.add(SuiteReport.format("%s %.1f %%", e.getKey(), 100.0 * e.getValue() / total)));
        return String.join(", ", parts);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        run(command, null);
    }

    private static void run(List<String> command, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (output != null) {
            builder.redirectOutput(output.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
            builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " " + command.get(1) + " did not finish in 5 min");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command.subList(0, 2)) + " failed with exit code " + process.exitValue());
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).findFirst().orElse("no output");
        } catch (IOException e) {
            return "no output";
        }
    }
}
