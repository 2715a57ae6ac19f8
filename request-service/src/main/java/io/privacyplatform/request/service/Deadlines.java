package io.privacyplatform.request.service;

import io.privacyplatform.request.config.RequestsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/**
 * GDPR Art. 12(3) deadlines, counted in calendar months in the company's time zone: one month from receipt,
 * extendable by two further months (three months from receipt in all). {@code plusMonths} clamps to the end
 * of a shorter month: received 31 January, due 28 (or 29) February.
 */
@ApplicationScoped
public class Deadlines {

    private final ZoneId zone;
    private final Clock clock;

    @Inject
    Deadlines(RequestsConfig config, Clock clock) {
        this(config.zone(), clock);
    }

    Deadlines(ZoneId zone, Clock clock) {
        this.zone = zone;
        this.clock = clock;
    }

    public LocalDate receivedOn(Instant receivedAt) {
        return LocalDate.ofInstant(receivedAt, zone);
    }

    public LocalDate dueOn(Instant receivedAt) {
        return receivedOn(receivedAt).plusMonths(1);
    }

    /** The deadline after an extension by {@code months} (1 or 2) further months, counted from receipt. */
    public LocalDate extendedDueOn(Instant receivedAt, int months) {
        return receivedOn(receivedAt).plusMonths(1L + months);
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** Now, at the microsecond precision PostgreSQL stores. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
