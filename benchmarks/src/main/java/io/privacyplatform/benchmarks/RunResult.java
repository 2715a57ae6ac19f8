package io.privacyplatform.benchmarks;

import io.privacyplatform.sandbox.Partner;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The figures of one run.
 *
 * @param completed        orders whose every expected system confirmed
 * @param spanSeconds      first publish to last completion
 * @param publishSeconds   first publish to the broker's acknowledgement of the last order
 * @param latenciesMillis  publish to last confirmation of each completed order, sorted
 * @param calls            calls each partner received during the run (erase, read-back, lists)
 * @param outcomes         per system, how many confirmations of each outcome
 * @param callFailures     growth of partner-sync's {@code partner_call_failures_total} during the run
 * @param loadBefore       the machine's 1-minute load average when the run started (other work on the machine)
 * @param loadAfter        the same when it ended
 * @param cpu              CPU time each part used from just before the first publish to the end of the run
 * @param cpuWindowSeconds the wall time over which {@code cpu} was measured
 * @param serviceThreads   partner-sync's CPU in {@code cpu} by thread group ({@link CpuTime#byThread}), over its
 *                         instances; its JIT compiler threads' share is warm-up work
 */
record RunResult(String label, Scenario scenario, int orders, double rate, int completed, double spanSeconds,
                 double registrationSeconds, double publishSeconds, double[] latenciesMillis, Map<Partner, Integer> calls,
                 Map<String, Map<String, Integer>> outcomes, int duplicates, int unreadable, double callFailures,
                 double loadBefore, double loadAfter, Map<String, Duration> cpu, double cpuWindowSeconds,
                 Map<Partner, Long> peakCallsPerSecond, Map<String, Duration> serviceThreads) {

    static final double TARGET_ORDERS_PER_SECOND = 200;
    static final double TARGET_P99_MILLIS = 2000;

    static RunResult of(String label, Scenario scenario, double rate, List<Confirmations.Order> orders, long publishDoneNanos,
                        double registrationSeconds, Map<Partner, Integer> calls, int duplicates, int unreadable,
                        double callFailures, double loadBefore, double loadAfter, Map<String, Duration> cpu,
                        double cpuWindowSeconds, Map<Partner, Long> peakCallsPerSecond, Map<String, Duration> serviceThreads) {
        long firstPublish = orders.stream().mapToLong(o -> o.publishedNanos).min().orElse(0);
        List<Confirmations.Order> complete = orders.stream().filter(Confirmations.Order::complete).toList();
        long lastCompletion = complete.stream().mapToLong(o -> o.completedNanos).max().orElse(firstPublish);
        double[] latencies = complete.stream().mapToDouble(o -> o.latencyNanos() / 1e6).sorted().toArray();
        Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
        for (Confirmations.Order order : orders) {
            order.outcomes.forEach((system, outcome) ->
                    outcomes.computeIfAbsent(system, s -> new TreeMap<>()).merge(outcome, 1, Integer::sum));
        }
        return new RunResult(label, scenario, orders.size(), rate, complete.size(), seconds(lastCompletion - firstPublish),
                registrationSeconds, seconds(publishDoneNanos - firstPublish), latencies, new EnumMap<>(calls), outcomes,
                duplicates, unreadable, callFailures, loadBefore, loadAfter, cpu, cpuWindowSeconds, new EnumMap<>(peakCallsPerSecond),
                Map.copyOf(serviceThreads));
    }

    boolean allComplete() {
        return completed == orders;
    }

    /** Orders fully propagated per second, from the first publish to the last completion. */
    double throughput() {
        return spanSeconds > 0 ? completed / spanSeconds : 0;
    }

    /** Nearest-rank percentile of the completed orders' latencies, in ms; NaN when none completed. */
    double percentile(double p) {
        if (latenciesMillis.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * latenciesMillis.length);
        return latenciesMillis[Math.max(0, Math.min(latenciesMillis.length, rank) - 1)];
    }

    double maxMillis() {
        return latenciesMillis.length == 0 ? Double.NaN : latenciesMillis[latenciesMillis.length - 1];
    }

    int totalCalls() {
        return calls.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Average calls per second the partner received over the run's span. */
    double callRate(Partner partner) {
        return spanSeconds > 0 ? calls.getOrDefault(partner, 0) / spanSeconds : 0;
    }

    /**
     * The target, for the mix: published all at once, at least 200 orders/s; published at 200/s or more, p99
     * under 2 s (all at once, the last of 1,000 orders waits for the 999 before it: p99 is about 1,000 / throughput,
     * so the burst cannot show the latency clause). Single-partner runs are information: "-".
     */
    String target() {
        if (!scenario.name().equals("mix")) {
            return "-";
        }
        if (rate == 0) {
            return allComplete() && throughput() >= TARGET_ORDERS_PER_SECOND ? "yes" : "no";
        }
        if (rate < TARGET_ORDERS_PER_SECOND) {
            return "-";
        }
        return allComplete() && percentile(99) < TARGET_P99_MILLIS ? "yes" : "no";
    }

    /** CPU used per part in seconds, e.g. "partner-sync 9.1, Kafka 1.2, ...", and the share of all cores used. */
    String cpuUse() {
        StringBuilder out = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Duration> part : cpu.entrySet()) {
            double seconds = part.getValue().toNanos() / 1e9;
            total += seconds;
            out.append(out.length() == 0 ? "" : ", ").append(part.getKey()).append(' ').append(format("%.1f", seconds));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        return out + format(" = %.0f%% of %d cores", cpuWindowSeconds > 0 ? 100 * total / (cores * cpuWindowSeconds) : 0, cores);
    }

    /** CPU per order of each part in ms, e.g. "partner-sync 3.1, Kafka 0.4, ...". */
    String cpuPerOrder() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Duration> part : cpu.entrySet()) {
            out.append(out.length() == 0 ? "" : ", ").append(part.getKey()).append(' ')
                    .append(format("%.2f", orders > 0 ? part.getValue().toNanos() / 1e6 / orders : 0));
        }
        return out.toString();
    }

    /** Of partner-sync's CPU, what its JIT compiler threads used. */
    Duration serviceJit() {
        return serviceThreads.getOrDefault(CpuTime.JIT_COMPILER, Duration.ZERO);
    }

    /** partner-sync's JIT compilation per order, in ms. */
    double serviceJitMillisPerOrder() {
        return orders > 0 ? serviceJit().toNanos() / 1e6 / orders : 0;
    }

    String publishing() {
        return rate == 0 ? "all at once" : format("%.0f/s", rate);
    }

    /** One line for the console. */
    String summary() {
        return format("%s: %d/%d orders complete in %.1f s = %.1f orders/s; p50 %s, p95 %s, p99 %s, max %s;"
                        + " partner calls %d (Stripe %d, HubSpot %d, OpenAI %d); CPU %s; CPU per order (ms) %s, of which partner-sync's JIT"
                        + " compiler threads %.2f; outcomes %s%s",
                label, completed, orders, spanSeconds, throughput(), ms(percentile(50)), ms(percentile(95)),
                ms(percentile(99)), ms(maxMillis()), totalCalls(), calls.getOrDefault(Partner.STRIPE, 0),
                calls.getOrDefault(Partner.HUBSPOT, 0), calls.getOrDefault(Partner.OPENAI, 0), cpuUse(), cpuPerOrder(),
                serviceJitMillisPerOrder(), outcomes,
                duplicates + unreadable > 0 ? format("; %d duplicate and %d unreadable confirmations", duplicates, unreadable) : "");
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) {
            return "n/a";
        }
        return millis >= 10_000 ? format("%.1f s", millis / 1000) : format("%.0f ms", millis);
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }
}
