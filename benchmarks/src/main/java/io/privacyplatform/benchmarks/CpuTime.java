package io.privacyplatform.benchmarks;

import io.privacyplatform.launchers.LocalPlatform;

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

    /** What each part used between two snapshots. */
    static Map<String, Duration> between(Map<String, Duration> before, Map<String, Duration> after) {
        Map<String, Duration> used = new LinkedHashMap<>();
        after.forEach((part, total) -> used.put(part, total.minus(before.getOrDefault(part, Duration.ZERO))));
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

    private static Duration of(long pid, boolean withDescendants) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return Duration.ZERO;
        }
        return Stream.concat(Stream.of(process.get()), withDescendants ? process.get().descendants() : Stream.empty())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private CpuTime() {
    }
}
