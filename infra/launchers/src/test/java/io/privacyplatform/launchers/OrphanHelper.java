package io.privacyplatform.launchers;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs in a child JVM of {@link OrphanReapingTest}: starts a server on a directory, prints "READY" and waits
 * to be killed (SIGKILL, like a killed Maven run).
 */
public final class OrphanHelper {

    private OrphanHelper() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        long pid;
        switch (args[0]) {
            case "postgres" -> {
                PostgresServer pg = PostgresServer.start(dir, 0, "orphaned");
                try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl("orphaned"), pg.username(), pg.password());
                        var s = c.createStatement()) {
                    s.execute("CREATE TABLE marker (id int)");
                    s.execute("INSERT INTO marker VALUES (42)");
                }
                pid = pg.pid();
            }
            case "kafka" -> pid = KafkaBroker.start(dir, 0).pid();
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("READY " + pid);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
