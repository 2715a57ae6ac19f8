package io.privacyplatform.request.service;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GDPR Art. 12(3): one calendar month from receipt, counted in the company's time zone; extensions from receipt too. */
class DueDateTest {

    private final Deadlines deadlines = new Deadlines(ZoneId.of("Europe/Paris"),
            Clock.fixed(Instant.parse("2026-03-31T23:30:00Z"), ZoneOffset.UTC));

    @Test
    void monthEndsClampToTheShorterMonth() {
        assertEquals(LocalDate.of(2026, 2, 28), deadlines.dueOn(Instant.parse("2026-01-31T10:00:00Z")));
        assertEquals(LocalDate.of(2028, 2, 29), deadlines.dueOn(Instant.parse("2028-01-31T10:00:00Z")));
        assertEquals(LocalDate.of(2026, 4, 30), deadlines.dueOn(Instant.parse("2026-03-31T10:00:00Z")));
    }

    @Test
    void receiptIsDatedInParisNotUtc() {
        // 23:30 UTC on 31 March is already 1 April in Paris (UTC+2 in summer time).
        assertEquals(LocalDate.of(2026, 5, 1), deadlines.dueOn(Instant.parse("2026-03-31T23:30:00Z")));
        assertEquals(LocalDate.of(2026, 4, 1), deadlines.today());
    }

    @Test
    void anExtensionCountsFurtherMonthsFromReceiptNotFromTheClampedDeadline() {
        // Received 31 January: first deadline 28 February; two further months end on 30 April, not 28 April.
        Instant received = Instant.parse("2026-01-31T10:00:00Z");
        assertEquals(LocalDate.of(2026, 4, 30), deadlines.extendedDueOn(received, 2));
        assertEquals(LocalDate.of(2026, 3, 31), deadlines.extendedDueOn(received, 1));
    }
}
