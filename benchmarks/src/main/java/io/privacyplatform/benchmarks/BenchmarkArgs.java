package io.privacyplatform.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one benchmark of the suite ({@code --name value} or {@code --name=value}) over its defaults: the
 * issue's sizes, or smaller ones with {@code --quick}. {@code --service-jvm-arg} may repeat.
 */
final class BenchmarkArgs {

    static final String SERVICE_JVM_ARG = "service-jvm-arg";

    private final String benchmark;
    private final Map<String, String> values;
    private final List<String> serviceJvmArgs;

    private BenchmarkArgs(String benchmark, Map<String, String> values, List<String> serviceJvmArgs) {
        this.benchmark = benchmark;
        this.values = values;
        this.serviceJvmArgs = serviceJvmArgs;
    }

    /**
     * @param defaults every option the benchmark knows, with its value (an unknown option is an error)
     * @param quick    smaller values used with {@code --quick}, over the defaults
     */
    static BenchmarkArgs parse(String benchmark, List<String> args, Map<String, String> defaults, Map<String, String> quick,
                               boolean quickRun) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        if (quickRun) {
            values.putAll(quick);
        }
        // The JVM's default compilers, as in production images: the launchers' C1-only start-up flag
        // (-XX:TieredStopAtLevel=1) makes the RS256 check of every token ~5x dearer. A later --service-jvm-arg wins.
        List<String> jvmArgs = new ArrayList<>(List.of(PRODUCTION_JIT));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException(benchmark + ": expected an option, got " + arg);
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(benchmark + ": missing value after " + arg);
            }
            if (name.equals(SERVICE_JVM_ARG)) {
                jvmArgs.add(value);
            } else if (values.containsKey(name)) {
                values.put(name, value);
            } else {
                throw new IllegalArgumentException(benchmark + ": unknown option --" + name + "; known: " + usage(defaults));
            }
        }
        if (values.containsKey(PROFILE) && PerfProfile.wanted(values.get(PROFILE))) {
            jvmArgs.add(PerfProfile.JVM_ARG);
        }
        return new BenchmarkArgs(benchmark, values, List.copyOf(jvmArgs));
    }

    /** The option of the benchmarks that can profile their measured service ({@link PerfProfile}): perf or none. */
    static final String PROFILE = "profile";

    /** Whether {@code --profile perf} was given (to a benchmark that has the option). */
    boolean profile() {
        return values.containsKey(PROFILE) && PerfProfile.wanted(values.get(PROFILE));
    }

    /** "--name default ..." for the usage text. */
    static String usage(Map<String, String> defaults) {
        StringBuilder out = new StringBuilder();
        defaults.forEach((name, value) -> out.append(out.length() == 0 ? "" : " ").append("--").append(name).append(' ').append(value));
        return out + " --" + SERVICE_JVM_ARG + " OPTION (repeatable)";
    }

    int integer(String name) {
        try {
            return Integer.parseInt(text(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(benchmark + ": --" + name + " must be a whole number");
        }
    }

    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalStateException(benchmark + " has no option --" + name);
        }
        return value;
    }

    /** JVM options added to the measured service's (after the launchers'), e.g. a JFR recording. */
    List<String> serviceJvmArgs() {
        return serviceJvmArgs;
    }

    /**
     * Only the {@code --service-jvm-arg}s given, without the suite's default compilers: for the benchmarks that run the
     * services as deployed (the whole platform of the restart and the soak).
     */
    List<String> givenServiceJvmArgs() {
        return serviceJvmArgs.subList(1, serviceJvmArgs.size());
    }

    /** The options as given and defaulted, for the report. */
    String describe() {
        StringBuilder out = new StringBuilder();
        values.forEach((name, value) -> out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(value));
        return out + describeJvmArgs(serviceJvmArgs);
    }

    /** ", service JVM option X" for each of {@code args}, for a report. */
    static String describeJvmArgs(List<String> args) {
        StringBuilder out = new StringBuilder();
        args.forEach(arg -> out.append(", service JVM option ").append(arg));
        return out.toString();
    }

    /** Restores the full tiered compilation that ServiceProcess's fast start-up option turns off. */
    static final String PRODUCTION_JIT = "-XX:TieredStopAtLevel=4";
}
