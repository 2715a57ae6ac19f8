package io.privacyplatform.partnersync.client;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.privacyplatform.partnersync.config.PartnersConfig;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gate's share of its partner's rate limit among the live instances: rounded down, never above the limit in total.
 * A gate of its own, not a connector's; inside the application only because SmallRye Fault Tolerance's {@code Guard}
 * needs its CDI implementation.
 */
@QuarkusTest
class PartnerGateShareTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void twoInstancesHalveRequestsAndBurstAndOneRestoresThem() {
        PartnerGate gate = gate(25, Duration.ofSeconds(1), 5);
        assertShare(gate, 1, 25, 5, 25.0);

        gate.share(2);
        assertShare(gate, 2, 12, 2, 12.0);
        assertEquals(Duration.ofSeconds(1), gate.shareWindow(), "the same window");

        gate.share(3);
        assertShare(gate, 3, 8, 1, 8.0);

        gate.share(1);
        assertShare(gate, 1, 25, 5, 25.0);
    }

    @Test
    void theBurstIsAtLeastOneAndTheShareOfAnyCountStaysUnderTheLimit() {
        PartnerGate gate = gate(8, Duration.ofSeconds(1), 1);
        gate.share(2);
        assertShare(gate, 2, 4, 1, 4.0);

        for (int instances = 1; instances <= 20; instances++) {
            gate.share(instances);
            assertTrue(gate.shareRequests() >= 1 && gate.shareBurst() >= 1, instances + " instances");
            double total = instances * gate.permitsPerSecond();
            assertTrue(total <= 8.0 + 1e-9, instances + " instances send " + total + "/s together, the limit is 8/s");
        }
    }

    @Test
    void moreInstancesThanRequestsShareALongerWindow() {
        PartnerGate gate = gate(2, Duration.ofSeconds(1), 1);
        gate.share(5);
        assertEquals(1, gate.shareRequests());
        assertEquals(Duration.ofSeconds(3), gate.shareWindow(), "1 request per 3 s each: 5/3 per second in total");
        gate.share(1);
        assertEquals(2, gate.shareRequests());
        assertEquals(Duration.ofSeconds(1), gate.shareWindow());
    }

    @Test
    void noInstanceCountedMeansThisOneAlone() {
        PartnerGate gate = gate(10, Duration.ofSeconds(1), 2);
        gate.share(2);
        gate.share(0);
        assertShare(gate, 1, 10, 2, 10.0);
    }

    private void assertShare(PartnerGate gate, int instances, int requests, int burst, double perSecond) {
        assertEquals(instances, gate.sharedBy(), "instances");
        assertEquals(requests, gate.shareRequests(), "requests per window");
        assertEquals(burst, gate.shareBurst(), "burst");
        assertEquals(perSecond, gate.permitsPerSecond(), 1e-9, "permits per second");
        assertEquals(perSecond, registry.get("partner.rate.limit.share").tag("partner", gate.partner()).gauge().value(),
                1e-9, "the gauge");
    }

    private PartnerGate gate(int requests, Duration window, int burst) {
        PartnersConfig.Limits limits = new Limits(new RateLimit(requests, window, burst, Duration.ofSeconds(1)),
                new CircuitBreaker(10, 0.5, Duration.ofSeconds(1), 2));
        return new PartnerGate("test-partner-" + requests, limits, registry, Clock.systemUTC());
    }

    private record Limits(PartnersConfig.RateLimit rateLimit, PartnersConfig.CircuitBreaker circuitBreaker)
            implements PartnersConfig.Limits {
        @Override
        public int maxInFlight() {
            return 1;
        }
    }

    private record RateLimit(int requests, Duration window, int burst, Duration maxWait) implements PartnersConfig.RateLimit {
    }

    private record CircuitBreaker(int requestVolumeThreshold, double failureRatio, Duration delay, int successThreshold)
            implements PartnersConfig.CircuitBreaker {
    }
}
