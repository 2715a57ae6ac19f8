package io.privacyplatform.support.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * A service's one source of "now": inject {@link Clock} rather than calling {@code Instant.now()}, so that a
 * test can move time (a test bean of type {@code Clock} replaces this default).
 */
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
