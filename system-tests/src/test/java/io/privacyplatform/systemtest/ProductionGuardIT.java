package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.ServiceProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production guard on a real start: consent-service's packaged jar, in the prod profile (without the local run's
 * {@code local} profile), against the platform's Kafka and PostgreSQL but with the local run's issuer, a short link
 * key and the local run's plain-http public base URL, refuses to start and says which settings, never their values.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class ProductionGuardIT {

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
    }

    @Test
    void aServiceInTheProdProfileRefusesTheLocalIssuerAShortKeyAndNoPublicBaseUrl() throws Exception {
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("consent-service/target/quarkus-app/quarkus-run.jar");
        Path workDir = platform.workDir().resolve("production-guard");
        String shortKey = "c2hvcnQta2V5LW9mLTE2Yg==";
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", platform.kafka().bootstrapServers());
        config.put("quarkus.datasource.jdbc.url", platform.postgres().jdbcUrl(LocalPlatform.databaseOf("consent-service")));
        config.put("quarkus.datasource.username", platform.postgres().username());
        config.put("quarkus.datasource.password", platform.postgres().password());
        config.put("quarkus.oidc.auth-server-url", platform.issuer().issuerUrl());
        config.put("consent.links.signing-key", shortKey);
        config.put("consent.suppression.hmac-key", platform.secret("suppression-hmac"));
        config.put("consent.links.public-base-url", platform.serviceUrl("consent-service"));

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> ServiceProcess.start(
                "consent-service-prod", jar, 0, config, workDir, List.of(), Duration.ofMinutes(3)).close());
        assertTrue(refused.getMessage().contains("exited"), refused.getMessage());

        String log = Files.readString(workDir.resolve("consent-service-prod.log"));
        String line = log.lines().filter(l -> l.contains("Production guard: refusing to start")).findFirst().orElseThrow(
                () -> new AssertionError("no refusal line in the log:\n" + log));
        assertTrue(line.contains("quarkus.oidc.auth-server-url is a development issuer"), line);
        assertTrue(line.contains("consent.links.signing-key is too short"), line);
        assertTrue(line.contains("consent.links.public-base-url is not a public base URL (plain http"), line);
        assertFalse(log.contains(shortKey), "the log quotes the key");
        assertFalse(log.contains(platform.secret("suppression-hmac")), "the log quotes a key");
    }
}
