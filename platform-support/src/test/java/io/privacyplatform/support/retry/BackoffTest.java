package io.privacyplatform.support.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackoffTest {

    private final Duration second = Duration.ofSeconds(1);

    @Test
    void doublesUpToTheCapWithoutJitter() {
        Backoff backoff = new Backoff(second, Duration.ofSeconds(10), 0, () -> 0.7);
        assertEquals(Duration.ofSeconds(1), backoff.delay(1, Optional.empty()));
        assertEquals(Duration.ofSeconds(2), backoff.delay(2, Optional.empty()));
        assertEquals(Duration.ofSeconds(8), backoff.delay(4, Optional.empty()));
        assertEquals(Duration.ofSeconds(10), backoff.delay(5, Optional.empty()));
        assertEquals(Duration.ofSeconds(10), backoff.delay(500, Optional.empty()));
    }

    @Test
    void jitterTakesItsShareAtRandom() {
        assertEquals(Duration.ofMillis(2000), new Backoff(second, Duration.ofMinutes(1), 0.5, () -> 0.0).delay(3, Optional.empty()));
        assertEquals(Duration.ofMillis(3000), new Backoff(second, Duration.ofMinutes(1), 0.5, () -> 0.5).delay(3, Optional.empty()));
        assertEquals(Duration.ofMillis(400), new Backoff(second, Duration.ofMinutes(1), 1.0, () -> 0.1).delay(3, Optional.empty()));
    }

    @Test
    void honoursALongerPartnerHintWithinTheCap() {
        Backoff backoff = new Backoff(second, Duration.ofMinutes(15), 0, () -> 0.0);
        assertEquals(Duration.ofMinutes(6), backoff.delay(1, Optional.of(Duration.ofMinutes(6))));
        assertEquals(Duration.ofSeconds(4), backoff.delay(3, Optional.of(Duration.ofMillis(250))), "a shorter hint does not shorten the backoff");
        assertEquals(Duration.ofMinutes(15), backoff.delay(1, Optional.of(Duration.ofHours(24))));
    }

    @Test
    void rejectsAnInvertedRange() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 0, () -> 0));
    }
}
