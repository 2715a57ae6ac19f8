package io.privacyplatform.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The suite's one report: when and on what it ran, every figure with its raw limit (measured in the same run), its
 * ratio and its target, then each benchmark's details and the CPU each process used.
 */
final class SuiteReport {

    /**
     * What a figure must reach: at least or at most {@code threshold}, of the figure itself or of its ratio to the raw
     * limit ({@code ofRaw}).
     */
    record Target(double threshold, boolean atLeast, boolean ofRaw) {

        static Target atLeast(double value) {
            return new Target(value, true, false);
        }

        static Target atMost(double value) {
            return new Target(value, false, false);
        }

        static Target atLeastOfRaw(double ratio) {
            return new Target(ratio, true, true);
        }

        static Target atMostOfRaw(double ratio) {
            return new Target(ratio, false, true);
        }

        String text(String unit) {
            String sign = atLeast ? ">= " : "<= ";
            return ofRaw ? sign + number(threshold) + " x raw" : sign + number(threshold) + " " + unit;
        }

        boolean met(double measured, double raw) {
            double value = ofRaw ? measured / raw : measured;
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                return false;
            }
            return atLeast ? value >= threshold : value <= threshold;
        }
    }

    /**
     * One line of the summary.
     *
     * @param raw    the raw limit measured in the same run (NaN: none for this figure)
     * @param target null: information only
     */
    record Figure(String name, double measured, String unit, double raw, String rawName, Target target) {

        static Figure of(String name, double measured, String unit, Target target) {
            return new Figure(name, measured, unit, Double.NaN, null, target);
        }

        static Figure withRaw(String name, double measured, String unit, double raw, String rawName, Target target) {
            return new Figure(name, measured, unit, raw, rawName, target);
        }

        boolean hasRaw() {
            return !Double.isNaN(raw);
        }
    }

    /**
     * CPU each process used during one measured phase, and how many operations the phase did (for the CPU per
     * operation); {@code wallSeconds} is the phase's duration; {@code jit}: of a measured service's CPU, what its JIT
     * compiler threads used (warm-up work), by part; {@code profile}: where the measured service's CPU went
     * ({@code --profile perf}), Markdown, empty without.
     */
    record CpuUse(String phase, Map<String, Duration> cpu, double wallSeconds, long operations, String operation,
                  Map<String, Duration> jit, String profile) {

        CpuUse(String phase, Map<String, Duration> cpu, double wallSeconds, long operations, String operation) {
            this(phase, cpu, wallSeconds, operations, operation, Map.of());
        }

        CpuUse(String phase, Map<String, Duration> cpu, double wallSeconds, long operations, String operation,
               Map<String, Duration> jit) {
            this(phase, cpu, wallSeconds, operations, operation, jit, "");
        }

        /** The same with the measured service's perf profile over the phase ({@link PerfProfile}; null: none). */
        CpuUse withProfile(String perfProfile) {
            return new CpuUse(phase, cpu, wallSeconds, operations, operation, jit, perfProfile == null ? "" : perfProfile);
        }
    }

    /** One benchmark's part of the report. */
    record Section(String benchmark, List<Figure> figures, List<CpuUse> cpu, String details) {
    }

    private final Instant started = Instant.now();
    private final double[] loadBefore = loadAverages();
    private final String command;
    private final List<Section> sections = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    SuiteReport(String command) {
        this.command = command;
    }

    void add(Section section) {
        sections.add(section);
    }

    void failed(String benchmark, Throwable e) {
        // The first line only (a service's log tail follows in the console).
        failures.add(benchmark + ": " + e.toString().lines().findFirst().orElse("") + " (details in the console)");
    }

    boolean anyFailed() {
        return !failures.isEmpty();
    }

    String render(Path root) {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmark report, ").append(timestamp(started)).append(" UTC\n\n");
        out.append("- machine: ").append(machine()).append('\n');
        out.append(format("- load average (1, 5, 15 min) before: %s; after: %s%n", loads(loadBefore), loads(loadAverages())));
        out.append("- code: ").append(commit(root)).append('\n');
        out.append("- command: `").append(command).append("`; took ")
                .append(Duration.between(started, Instant.now()).toSeconds()).append(" s\n\n");

        out.append("| benchmark | figure | measured | raw limit (same run) | ratio to raw | target | met |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Section section : sections) {
            for (Figure f : section.figures()) {
                out.append("| ").append(section.benchmark()).append(" | ").append(f.name()).append(" | **")
                        .append(number(f.measured())).append(' ').append(f.unit()).append("** | ")
                        .append(f.hasRaw() ? number(f.raw()) + " " + f.unit() + " (" + f.rawName() + ")" : "-").append(" | ")
                        .append(f.hasRaw() ? format("%.2f", f.measured() / f.raw()) : "-").append(" | ")
                        .append(f.target() == null ? "-" : f.target().text(f.unit())).append(" | ")
                        .append(f.target() == null ? "-" : f.target().met(f.measured(), f.raw()) ? "yes" : "**no**")
                        .append(" |\n");
            }
        }
        for (String failure : failures) {
            out.append("\n**Failed**: ").append(failure).append("\n");
        }
        for (Section section : sections) {
            out.append("\n## ").append(section.benchmark()).append("\n\n").append(section.details().strip()).append('\n');
            if (!section.cpu().isEmpty()) {
                out.append("\nCPU per process (s; per operation in ms):\n\n");
                out.append("| phase | ").append(String.join(" | ", section.cpu().get(0).cpu().keySet()))
                        .append(" | share of the cores |\n|---|");
                out.append("---|".repeat(section.cpu().get(0).cpu().size() + 1)).append('\n');
                for (CpuUse use : section.cpu()) {
                    out.append("| ").append(use.phase());
                    double total = 0;
                    for (Duration d : use.cpu().values()) {
                        // A PostgreSQL backend that ended during the phase takes its CPU along: never below 0.
                        double seconds = Math.max(0, d.toNanos() / 1e9);
                        total += seconds;
                        out.append(" | ").append(format("%.1f", seconds));
                        if (use.operations() > 0) {
                            out.append(format(" (%.2f)", seconds * 1000 / use.operations()));
                        }
                    }
                    int cores = Runtime.getRuntime().availableProcessors();
                    out.append(format(" | %.0f%% of %d over %.1f s |%n", use.wallSeconds() > 0 ? 100 * total / (cores * use.wallSeconds()) : 0,
                            cores, use.wallSeconds()));
                }
                for (CpuUse use : section.cpu()) {
                    if (use.operations() > 0) {
                        out.append(format("%n%s: %,d %s.", use.phase(), use.operations(), use.operation()));
                    }
                    use.jit().forEach((part, jit) -> out.append(format(" Of %s's CPU, its JIT compiler threads %.1f s%s.",
                            part, jit.toNanos() / 1e9, use.operations() > 0
                                    ? format(" (%.2f ms per operation)", jit.toNanos() / 1e6 / use.operations()) : "")));
                }
                out.append('\n');
                section.cpu().stream().filter(use -> !use.profile().isBlank())
                        .forEach(use -> out.append('\n').append(use.profile().strip()).append('\n'));
            }
        }
        return out.toString();
    }

    void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("cannot write the report to " + file + ": " + e.getMessage());
        }
    }

    /** The machine: cores, CPU model, memory, OS, Java. */
    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux: keep "unknown CPU"
        }
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return format("%d cores (%s), %.0f GB RAM, %s %s, Java %s", Runtime.getRuntime().availableProcessors(), cpu,
                memory / 1e9, System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
    }

    /** 1, 5 and 15-minute load averages (Linux), to judge how much the figures owe to other work on the machine. */
    static double[] loadAverages() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
        } catch (IOException | RuntimeException e) {
            double one = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return new double[] {one, Double.NaN, Double.NaN};
        }
    }

    private static String loads(double[] loads) {
        return format("%.2f %.2f %.2f", loads[0], loads[1], loads[2]);
    }

    /** The commit measured, and whether the working tree held changes (the jars may hold them). */
    private static String commit(Path root) {
        String head = git(root, "log", "-1", "--format=%h %s (%cs)");
        String dirty = git(root, "status", "--porcelain", "--untracked-files=no");
        return (head.isEmpty() ? "unknown commit" : head) + (dirty.isEmpty() ? "" : "; uncommitted changes present");
    }

    private static String git(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? output : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC).withNano(0));
    }

    /** A figure with as many digits as it deserves: 1,657 / 225 / 0.14 / 2.35. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        double abs = Math.abs(value);
        return abs >= 100 ? format("%,.0f", value) : abs >= 10 ? format("%.1f", value) : format("%.2f", value);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
