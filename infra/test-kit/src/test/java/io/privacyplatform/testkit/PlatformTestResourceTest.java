package io.privacyplatform.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/** The lifecycle as Quarkus drives it: init, start, stop, and a second resource reusing the infrastructure. */
class PlatformTestResourceTest {

    @Test
    void startsOnceAndServesEveryResource() throws Exception {
        PlatformTestResource first = new PlatformTestResource();
        first.init(Map.of(PlatformTestResource.TOPICS, "consent-changed, erasure-ordered",
                PlatformTestResource.DATABASE, "consent"));
        long start = System.nanoTime();
        Map<String, String> config = first.start();
        System.out.printf("[figures] PlatformTestResource first start (Kafka + PostgreSQL in parallel): %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(Set.of("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url", "quarkus.datasource.username",
                "quarkus.datasource.password"), config.keySet());
        assertTrue(config.get("quarkus.datasource.jdbc.url").endsWith("/consent"));
        first.stop();

        PlatformTestResource second = new PlatformTestResource();
        second.init(Map.of(PlatformTestResource.TOPICS, "request-filed"));
        start = System.nanoTime();
        Map<String, String> again = second.start();
        System.out.printf("[figures] PlatformTestResource reuse: %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(config.get("kafka.bootstrap.servers"), again.get("kafka.bootstrap.servers"));
        assertTrue(again.get("quarkus.datasource.jdbc.url").endsWith("/app"));

        try (Connection c = DriverManager.getConnection(again.get("quarkus.datasource.jdbc.url"),
                again.get("quarkus.datasource.username"), again.get("quarkus.datasource.password"))) {
            assertTrue(c.isValid(5));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                again.get("kafka.bootstrap.servers")))) {
            assertTrue(admin.listTopics().names().get()
                    .containsAll(Set.of("consent-changed", "erasure-ordered", "request-filed")));
        }
        second.stop();
    }
}
