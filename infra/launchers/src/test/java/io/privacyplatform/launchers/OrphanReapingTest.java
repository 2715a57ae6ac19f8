package io.privacyplatform.launchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class OrphanReapingTest {

    /** A second start on the same directory stops the broker of the first (never closed) and works. */
    @Test
    void secondBrokerOnSameDirectoryReapsTheFirst() {
        Path dir = TestDirs.fresh("kafka-orphan");
        KafkaBroker first = KafkaBroker.start(dir, 0);
        long firstPid = first.pid();
        try (KafkaBroker second = KafkaBroker.start(dir, 0)) {
            System.out.printf("[figures] Kafka start reaping an orphan: %d ms%n", second.startupTime().toMillis());
            assertFalse(alive(firstPid), "the first broker must have been stopped");
            assertNotEquals(firstPid, second.pid());
            second.createTopics(List.of("after-reaping"), 1);
            first.close(); // late close of the reaped one must not disturb the second
            assertTrue(second.isRunning());
            second.createTopics(List.of("after-late-close"), 1);
        }
    }

    /** PostgreSQL left behind by a SIGKILLed JVM (watchdog off) is stopped by the next start; data is kept. */
    @Test
    void postgresOfAKilledJvmIsReapedOnNextStart() throws Exception {
        Path dir = TestDirs.fresh("postgres-orphan");
        Process helper = startHelper("postgres", dir, false);
        long orphanPid = awaitReady(helper);
        helper.destroyForcibly().waitFor();
        assertTrue(alive(orphanPid), "without watchdog the postmaster outlives its JVM");

        try (PostgresServer pg = PostgresServer.start(dir, 0, "orphaned")) {
            System.out.printf("[figures] PostgreSQL start reaping an orphan: %d ms%n", pg.startupTime().toMillis());
            assertFalse(alive(orphanPid));
            try (Connection c = PostgresServerTest.connect(pg, "orphaned");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM marker")) {
                assertTrue(rs.next());
                assertEquals(42, rs.getInt(1));
            }
        }
    }

    /** With the watchdogs on (the default), killing the JVM takes its PostgreSQL and Kafka down too. */
    @Test
    void childrenDieWithTheirJvm() throws Exception {
        Process pgHelper = startHelper("postgres", TestDirs.fresh("postgres-watchdog"), true);
        Process kafkaHelper = startHelper("kafka", TestDirs.fresh("kafka-watchdog"), true);
        long pgPid = awaitReady(pgHelper);
        long kafkaPid = awaitReady(kafkaHelper);
        pgHelper.destroyForcibly().waitFor();
        kafkaHelper.destroyForcibly().waitFor();
        long killed = System.nanoTime();
        assertTrue(awaitDeath(pgPid, Duration.ofSeconds(30)), "postgres must stop when its JVM is killed");
        assertTrue(awaitDeath(kafkaPid, Duration.ofSeconds(45)), "the broker must stop when its JVM is killed");
        System.out.printf("[figures] children gone %d ms after SIGKILL of their JVM%n",
                Duration.ofNanos(System.nanoTime() - killed).toMillis());
    }

    private static Process startHelper(String what, Path dir, boolean watchdog) throws Exception {
        Path log = dir.resolveSibling(dir.getFileName() + "-helper.log");
        return new ProcessBuilder(ProcessSupport.javaExecutable(),
                "-D" + ProcessSupport.WATCHDOG_PROPERTY + "=" + watchdog,
                "-cp", System.getProperty("java.class.path"),
                OrphanHelper.class.getName(), what, dir.toString())
                .redirectError(log.toFile())
                .start();
    }

    private static long awaitReady(Process helper) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(helper.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("READY ")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new AssertionError("helper exited before READY, code " + helper.waitFor());
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessSupport::isLive).orElse(false);
    }

    private static boolean awaitDeath(long pid, Duration timeout) {
        return ProcessHandle.of(pid).map(h -> ProcessSupport.awaitExit(h, timeout)).orElse(true);
    }
}
