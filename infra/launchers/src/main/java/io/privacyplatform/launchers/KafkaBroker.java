package io.privacyplatform.launchers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * A real single-node Kafka broker (KRaft, combined broker+controller) in its own JVM, started from the
 * classpath resolved by the {@code kafka-broker} module. Listens on 127.0.0.1 only.
 * <p>
 * Layout of {@code workDir}: {@code server.properties}, {@code data/} (log and metadata directory, formatted
 * once and kept across restarts), {@code broker.log} (output of the broker JVM, rewritten at each start),
 * {@code broker.pid}, {@code launcher/} (the broker's main class and log4j2 config, copied from the
 * kafka-broker jar) and {@code broker.args} (the java argument file holding the long classpath).
 * <p>
 * A broker left running by a killed run is stopped on the next start on the same {@code workDir}; the broker
 * JVM also stops by itself when the JVM that started it is gone.
 */
public final class KafkaBroker implements AutoCloseable {

    static final String BROKER_MAIN = "io.privacyplatform.kafkabroker.BrokerMain";
    private static final String RESOURCE_DIR = "META-INF/kafka-broker/";
    private static final String CLASSPATH_RESOURCE = RESOURCE_DIR + "classpath.txt";
    private static final String BROKER_MAIN_RESOURCE = BROKER_MAIN.replace('.', '/') + ".class";
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int BIND_ATTEMPTS = 3;
    /** What the broker's log says (java.net.BindException) when a listener port is taken. */
    private static final String ADDRESS_IN_USE = "Address already in use";
    private static final java.util.concurrent.atomic.AtomicInteger ADMIN_IDS = new java.util.concurrent.atomic.AtomicInteger();

    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private final Process process;
    private final Admin admin;
    private final Thread shutdownHook;
    private final Duration startupTime;
    private volatile boolean closed;

    private KafkaBroker(Path workDir, int port, int controllerPort, Process process, Admin admin,
            Thread shutdownHook, Duration startupTime) {
        this.workDir = workDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = process;
        this.admin = admin;
        this.shutdownHook = shutdownHook;
        this.startupTime = startupTime;
    }

    /** Starts a broker with data under {@code workDir}, listening on {@code port} (0 = any free port). */
    public static KafkaBroker start(Path workDir, int port) {
        return start(workDir, port, DEFAULT_START_TIMEOUT);
    }

    /**
     * Same as {@link #start(Path, int)}, failing (with the broker log tail) when not ready within the timeout. A port
     * picked here and taken by another process before the broker bound it fails the attempt; the start is then
     * tried again with fresh ports (up to {@value #BIND_ATTEMPTS} attempts).
     */
    public static KafkaBroker start(Path workDir, int port, Duration startTimeout) {
        long started = System.nanoTime();
        Path dir = workDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        reapOrphan(dir);
        for (int attempt = 1; ; attempt++) {
            try {
                return attemptStart(dir, port, startTimeout, started);
            } catch (IllegalStateException e) {
                boolean portTaken = e.getMessage() != null && e.getMessage().contains(ADDRESS_IN_USE);
                if (!portTaken || attempt == BIND_ATTEMPTS) {
                    throw e;
                }
                ProcessSupport.LOG.log(Level.WARNING, "Kafka broker could not bind a port picked for it (attempt {0} of {1}): "
                        + "starting again on fresh ports", Integer.toString(attempt), Integer.toString(BIND_ATTEMPTS));
            }
        }
    }

    private static KafkaBroker attemptStart(Path dir, int port, Duration startTimeout, long started) {
        int[] free = FreePorts.pick(2);
        int brokerPort = port == 0 ? free[0] : port;
        int controllerPort = free[1] != brokerPort ? free[1] : free[0];

        Path serverProperties = dir.resolve("server.properties");
        Path log = dir.resolve("broker.log");
        Path argFile = dir.resolve("broker.args");
        Path launcherDir = dir.resolve("launcher");
        Path log4jConfig = launcherDir.resolve("log4j2.properties");
        writeServerProperties(serverProperties, dir.resolve("data"), brokerPort, controllerPort);
        copyResource(BROKER_MAIN_RESOURCE, launcherDir.resolve("classes").resolve(BROKER_MAIN_RESOURCE));
        copyResource(RESOURCE_DIR + "log4j2.properties", log4jConfig);
        writeArgFile(argFile, launcherDir.resolve("classes") + java.io.File.pathSeparator + brokerClasspath());

        List<String> command = new ArrayList<>(List.of(
                ProcessSupport.javaExecutable(),
                "-Xms64m", "-Xmx384m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + log4jConfig,
                "@" + argFile,
                BROKER_MAIN,
                serverProperties.toString()));
        if (ProcessSupport.watchdogsEnabled()) {
            // BrokerMain stops the broker when this JVM is gone
            command.add(command.indexOf("@" + argFile), "-Dkafka-broker.parent-pid=" + ProcessHandle.current().pid());
        }
        Process process;
        try {
            process = ProcessSupport.logged(command, dir, log).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Kafka broker JVM", e);
        }
        ProcessSupport.writePid(pidFile(dir), process.pid());
        Thread hook = new Thread(() -> ProcessSupport.stop(process.toHandle(), "TERM", STOP_TIMEOUT, false),
                "kafka-broker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        Admin admin = null;
        try {
            admin = awaitReady(process, brokerPort, log, startTimeout);
        } catch (RuntimeException e) {
            ProcessSupport.removeShutdownHook(hook);
            ProcessSupport.stop(process.toHandle(), "TERM", STOP_TIMEOUT, false);
            ProcessSupport.deletePidFile(pidFile(dir), process.pid());
            throw e;
        }
        Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
        ProcessSupport.LOG.log(Level.INFO, "Kafka broker ready on 127.0.0.1:{0} in {1} ms (pid {2})",
                Integer.toString(brokerPort), Long.toString(startupTime.toMillis()), Long.toString(process.pid()));
        return new KafkaBroker(dir, brokerPort, controllerPort, process, admin, hook, startupTime);
    }

    /**
     * Stops a broker left running on {@code workDir} by an earlier run (pid file + command line check).
     *
     * @return whether one was stopped
     */
    public static boolean reapOrphan(Path workDir) {
        Path dir = workDir.toAbsolutePath().normalize();
        boolean reaped = ProcessSupport.reap("Kafka broker", ProcessSupport.readPid(pidFile(dir)), "TERM",
                STOP_TIMEOUT, false, BROKER_MAIN, dir.resolve("server.properties").toString());
        ProcessSupport.deleteQuietly(pidFile(dir));
        return reaped;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path workDir() {
        return workDir;
    }

    public Path logFile() {
        return workDir.resolve("broker.log");
    }

    public long pid() {
        return process.pid();
    }

    /** Wall time from {@link #start} to readiness. */
    public Duration startupTime() {
        return startupTime;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Creates the topics that do not exist yet (replication factor 1). */
    public void createTopics(Collection<String> names, int partitions) {
        createTopics(admin, names, partitions);
    }

    /** Same as {@link #createTopics(Collection, int)} against any broker, with a short-lived admin client. */
    public static void createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        try (Admin admin = newAdmin(bootstrapServers)) {
            createTopics(admin, names, partitions);
        }
    }

    private static void createTopics(Admin admin, Collection<String> names, int partitions) {
        if (names.isEmpty()) {
            return;
        }
        List<NewTopic> topics = new ArrayList<>();
        for (String name : names) {
            topics.add(new NewTopic(name, partitions, (short) 1));
        }
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + name, e.getCause());
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("timed out creating topic " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topic " + name, e);
            }
        });
    }

    /** Stops the broker: SIGTERM (Kafka's controlled shutdown), then SIGKILL after a timeout. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            admin.close(Duration.ofSeconds(2));
        } finally {
            ProcessSupport.stop(process.toHandle(), "TERM", STOP_TIMEOUT, false);
            ProcessSupport.removeShutdownHook(shutdownHook);
            ProcessSupport.deletePidFile(pidFile(workDir), process.pid());
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + workDir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Path pidFile(Path dir) {
        return dir.resolve("broker.pid");
    }

    private static Admin newAdmin(String bootstrapServers) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "dev-infra-admin-" + ADMIN_IDS.incrementAndGet());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return Admin.create(props);
    }

    /** Ready = an admin client sees the broker node in describeCluster. */
    private static Admin awaitReady(Process process, int port, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // 1. the listener accepts connections (avoids a flood of client reconnect warnings)
        while (!accepts(port)) {
            pause(process, log, deadline, "the broker to listen on 127.0.0.1:" + port);
        }
        // 2. the cluster answers with our node
        Admin admin = newAdmin("127.0.0.1:" + port);
        try {
            while (true) {
                try {
                    var nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return admin;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    // not yet
                }
                pause(process, log, deadline, "the broker to answer describeCluster");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admin.close(Duration.ZERO);
            throw new IllegalStateException("interrupted while waiting for the broker", e);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }

    /** Waits a little for the process to die (which fails), or fails when past the deadline. */
    private static void pause(Process process, Path log, long deadline, String waitingFor) {
        try {
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Kafka broker exited with code " + process.exitValue()
                        + " while waiting for " + waitingFor + "\n" + ProcessSupport.tail(log, 60));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("Kafka broker not ready in time, waiting for " + waitingFor + "\n"
                    + ProcessSupport.tail(log, 60));
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(FreePorts.loopback(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void writeServerProperties(Path file, Path dataDir, int port, int controllerPort) {
        String config = String.join("\n",
                "# Written by the launchers' KafkaBroker at each start (ports may change); data in log.dirs is kept.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=3",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "share.coordinator.state.topic.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "num.network.threads=2",
                "num.io.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "background.threads=4",
                "log.cleaner.dedupe.buffer.size=8388608",
                "log.index.size.max.bytes=1048576",
                "") ;
        ProcessSupport.writeAtomically(file, config);
    }

    private static void writeArgFile(Path file, String classpath) {
        // java @argfile syntax: quote the value, escape backslashes and quotes.
        String quoted = "\"" + classpath.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        ProcessSupport.writeAtomically(file, "-cp\n" + quoted + "\n");
    }

    /** The broker classpath written by the kafka-broker build, checked to exist on this machine. */
    static String brokerClasspath() {
        String raw = readResource(CLASSPATH_RESOURCE).trim();
        for (String entry : raw.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator))) {
            if (!entry.isBlank() && !Files.exists(Path.of(entry))) {
                throw new IllegalStateException("The Kafka broker classpath lists " + entry
                        + " which is missing: rebuild it with ./mvnw -pl infra/kafka-broker install");
            }
        }
        return raw;
    }

    private static String readResource(String name) {
        try (InputStream in = resourceStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static void copyResource(String name, Path target) {
        try (InputStream in = resourceStream(name)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " to " + target, e);
        }
    }

    private static InputStream resourceStream(String name) {
        ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), KafkaBroker.class.getClassLoader()};
        for (ClassLoader loader : loaders) {
            if (loader != null) {
                InputStream in = loader.getResourceAsStream(name);
                if (in != null) {
                    return in;
                }
            }
        }
        throw new IllegalStateException(name + " not found: io.privacyplatform:kafka-broker must be on the classpath");
    }
}
