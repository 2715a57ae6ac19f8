package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The whole platform (four packaged services, Kafka, PostgreSQL with the account database as retention-service's
 * company datastore, issuer, partner sandbox) the system tests run on:
 * started once per failsafe JVM for each {@link Profile} and shared by every test class that asks for that profile;
 * each test keeps to itself by using fresh subject ids. One platform runs at a time: asking for another profile stops
 * the current one first, and the last one stops with the JVM. Test classes of one profile carry the profile's
 * {@link Profile#ORDER} as their {@code @Order} so that they run one after the other (src/test/resources/
 * junit-platform.properties orders classes by it).
 */
final class SharedPlatform {

    /** A configuration of the platform. */
    enum Profile {
        /** As deployed. */
        STANDARD(Map.of()),
        /**
         * Short waits, for the tests that take a partner or a service away and bring it back: request-service's
         * export worker retries every second, partner-sync's circuit breaker reopens after 1 s, its tasks are leased
         * for 5 s (a killed instance's tasks are claimed again soon) and retried quickly.
         */
        QUICK_RECOVERY(Map.of(
                "request-service", Map.of("requests.export.work-every", "1s", "requests.export.initial-backoff", "1s",
                        "requests.export.max-backoff", "2s"),
                "partner-sync-service", Map.of("partners.hubspot.circuit-breaker.delay", "1s",
                        "partner-sync.worker.lease", "5s",
                        "partner-sync.retry.initial-backoff", "200ms",
                        "partner-sync.retry.max-backoff", "2s"))),
        /**
         * The soak's own platform (SoakIT restarts the broker and kills every service), last: partner-sync retries
         * and reopens its breakers quickly, so that a 30 s failure window drains within the test's time; its tasks
         * keep the deployed 5-minute lease: those a SIGKILLed instance held are claimed again once its instance row
         * expires (seconds, LiveInstances), which the soak checks; OpenAI's limit is the partner's documented one, as
         * in the benchmarks (deployed: 8 calls/s, 4 erasures/s).
         */
        SOAK(Map.of("partner-sync-service", Map.of(
                "partners.stripe.circuit-breaker.delay", "1s", "partners.hubspot.circuit-breaker.delay", "1s",
                "partners.openai.circuit-breaker.delay", "1s",
                "partners.openai.rate-limit.requests", "500",
                "partner-sync.retry.initial-backoff", "200ms", "partner-sync.retry.max-backoff", "2s")));

        /** The {@code @Order} of the test classes of each profile. */
        static final int STANDARD_ORDER = 1;
        static final int QUICK_RECOVERY_ORDER = 2;
        static final int SOAK_ORDER = 3;

        private final Map<String, Map<String, String>> config;

        Profile(Map<String, Map<String, String>> config) {
            this.config = config;
        }
    }

    private static Profile currentProfile;
    private static LocalPlatform current;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedPlatform::stop, "system-test-platform-shutdown"));
    }

    /** The running platform of {@code profile}, started (after stopping another profile's) if needed. */
    static synchronized LocalPlatform of(Profile profile) {
        if (profile == currentProfile) {
            return current;
        }
        stop();
        Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
        Path workDir = Path.of(System.getProperty("platform.work-dir", "target/system-test"))
                .resolve(profile.name().toLowerCase().replace('_', '-'));
        Instant begin = Instant.now();
        LocalPlatform platform = LocalPlatform.wholePlatform(root, workDir, LocalPlatform.Ports.free(), profile.config).start();
        System.out.printf("[system-test] platform %s up in %d ms: %s%n", profile, Duration.between(begin, Instant.now()).toMillis(),
                LocalPlatform.SERVICES.stream().map(s -> s + " " + platform.service(s).startupTime().toMillis() + " ms").toList());
        current = platform;
        currentProfile = profile;
        return platform;
    }

    private static synchronized void stop() {
        if (current != null) {
            current.close();
            current = null;
            currentProfile = null;
        }
    }

    private SharedPlatform() {
    }
}
