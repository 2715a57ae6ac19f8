package io.privacyplatform.request.service;

import io.privacyplatform.request.config.RequestsConfig;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GDPR Art. 12(3): one calendar month from receipt, counted in the company's time zone. */
class DueDateTest {

    private final RequestService service = new RequestService(null, new RequestsConfig() {
        @Override
        public ZoneId zone() {
            return ZoneId.of("Europe/Paris");
        }

        @Override
        public Erasure erasure() {
            return null;
        }
    }, null, null);

    @Test
    void monthEndsClampToTheShorterMonth() {
        assertEquals(LocalDate.of(2026, 2, 28), service.dueOn(Instant.parse("2026-01-31T10:00:00Z")));
        assertEquals(LocalDate.of(2028, 2, 29), service.dueOn(Instant.parse("2028-01-31T10:00:00Z")));
        assertEquals(LocalDate.of(2026, 4, 30), service.dueOn(Instant.parse("2026-03-31T10:00:00Z")));
    }

    @Test
    void receiptIsDatedInParisNotUtc() {
        // 23:30 UTC on 31 March is already 1 April in Paris (UTC+2 in summer time).
        assertEquals(LocalDate.of(2026, 5, 1), service.dueOn(Instant.parse("2026-03-31T23:30:00Z")));
    }
}
