package io.privacyplatform.kafkabroker;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the broker JVM started by infra/launchers' {@code KafkaBroker}.
 * <p>
 * Usage: {@code java -cp <classpath.txt> [-Dkafka-broker.parent-pid=PID] io.privacyplatform.kafkabroker.BrokerMain server.properties}
 * <ol>
 * <li>When {@value #PARENT_PID_PROPERTY} is set, a watchdog stops this JVM (gracefully, through Kafka's own
 * shutdown hook) as soon as that process is gone, so a killed test run or launcher leaves no broker behind.</li>
 * <li>Formats the KRaft storage with Kafka's {@code StorageTool} when the first log directory has no
 * {@code meta.properties} yet (an already formatted directory is kept: data survives restarts).</li>
 * <li>Runs {@code kafka.Kafka} with the given properties file, in this thread, until shutdown.</li>
 * </ol>
 * Kept free of inner classes: the launcher copies this single class file next to the broker classpath.
 */
public final class BrokerMain {

    /** System property: pid of the process whose death stops the broker. */
    public static final String PARENT_PID_PROPERTY = "kafka-broker.parent-pid";

    private static final long HALT_AFTER_PARENT_DEATH_MS = 30_000;

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: BrokerMain <server.properties>");
            System.exit(2);
        }
        // Kafka's own shutdown hook stops the broker; log4j must keep logging until then.
        if (System.getProperty("log4j2.shutdownHookEnabled") == null) {
            System.setProperty("log4j2.shutdownHookEnabled", "false");
        }
        String parentPid = System.getProperty(PARENT_PID_PROPERTY);
        if (parentPid != null && !parentPid.isBlank()) {
            watchParent(Long.parseLong(parentPid.trim()));
        }
        Path config = Path.of(args[0]).toAbsolutePath();
        formatIfNeeded(config);
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void watchParent(long pid) {
        ProcessHandle.of(pid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(BrokerMain::parentGone),
                BrokerMain::parentGone);
    }

    private static void parentGone() {
        System.err.println("BrokerMain: parent process is gone, shutting the broker down");
        // Backstop in case Kafka's graceful shutdown hangs: halt after a timeout (daemon threads).
        CompletableFuture.delayedExecutor(HALT_AFTER_PARENT_DEATH_MS, TimeUnit.MILLISECONDS).execute(() -> {
            System.err.println("BrokerMain: graceful shutdown took too long, halting");
            Runtime.getRuntime().halt(1);
        });
        System.exit(0);
    }

    private static void formatIfNeeded(Path config) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(config)) {
            props.load(in);
        }
        String logDirs = props.getProperty("log.dirs");
        if (logDirs == null || logDirs.isBlank()) {
            throw new IllegalArgumentException("log.dirs missing in " + config);
        }
        Path firstLogDir = Path.of(logDirs.split(",")[0].trim());
        if (Files.exists(firstLogDir.resolve("meta.properties"))) {
            return;
        }
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        int rc = kafka.tools.StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", config.toString(), "--ignore-formatted"},
                System.out);
        if (rc != 0) {
            System.err.println("BrokerMain: storage format failed with exit code " + rc);
            System.exit(rc);
        }
    }
}
