package io.privacyplatform.partnersync.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RateLimitHintsTest {

    @Test
    void readsOpenAiGoDurations() {
        assertEquals(Optional.of(Duration.ofMinutes(6)), RateLimitHints.goDuration("6m0s"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), RateLimitHints.goDuration("1s"));
        assertEquals(Optional.of(Duration.ofMillis(250)), RateLimitHints.goDuration("250ms"));
        assertEquals(Optional.of(Duration.ofMillis(3_723_500)), RateLimitHints.goDuration("1h2m3.5s"));
        assertEquals(Optional.of(Duration.ofMillis(1_500)), RateLimitHints.goDuration("1.5"));
        assertEquals(Optional.empty(), RateLimitHints.goDuration("soon"));
        assertEquals(Optional.empty(), RateLimitHints.goDuration("6m later"));
        assertEquals(Optional.empty(), RateLimitHints.goDuration(null));
    }

    @Test
    void readsRetryAfterInSecondsOrAsAnHttpDate() {
        Instant now = Instant.parse("2026-02-01T09:00:00Z");
        assertEquals(Optional.of(Duration.ofSeconds(7)), RateLimitHints.retryAfter("7", now));
        assertEquals(Optional.of(Duration.ofSeconds(30)), RateLimitHints.retryAfter("Sun, 01 Feb 2026 09:00:30 GMT", now));
        assertEquals(Optional.of(Duration.ZERO), RateLimitHints.retryAfter("Sun, 01 Feb 2026 08:00:00 GMT", now));
        assertEquals(Optional.empty(), RateLimitHints.retryAfter("tomorrow", now));
    }

    @Test
    void readsMillisecondsAndPicksTheLongestHint() {
        assertEquals(Optional.of(Duration.ofSeconds(10)), RateLimitHints.millis("10000"));
        assertEquals(Optional.empty(), RateLimitHints.millis("-1"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), RateLimitHints.longest(
                Optional.of(Duration.ofSeconds(1)), Optional.empty(), Optional.of(Duration.ofSeconds(10))));
        assertEquals(Optional.empty(), RateLimitHints.longest(Optional.empty()));
    }
}
