package io.privacyplatform.partnersync.client;

import io.privacyplatform.partnersync.DeadReason;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartnerErrorsTest {

    private static PartnerException classify(int status, String body, boolean partnerShaped, String code) {
        return PartnerErrors.classify("stripe", "DELETE customer", new PartnerResponse(status, Map.of(), body),
                partnerShaped, code, Optional.of(Duration.ofSeconds(3)));
    }

    @Test
    void aPartnerShaped400IsDeadAndKeepsTheCodeNotTheMessage() {
        PartnerException e = classify(400, "{\"error\":{\"code\":\"parameter_invalid\",\"message\":\"ada@example.com\"}}",
                true, "parameter_invalid");
        PermanentPartnerException dead = assertInstanceOf(PermanentPartnerException.class, e);
        assertEquals(DeadReason.PARTNER_REJECTED, dead.deadReason());
        assertEquals("DELETE customer: HTTP 400 parameter_invalid", dead.reason());
        assertEquals("parameter_invalid", dead.code());
        assertFalse(dead.reason().contains("ada@"));
    }

    @Test
    void authenticationFailuresAreDeadWhateverTheBody() {
        assertEquals(DeadReason.UNAUTHORIZED,
                assertInstanceOf(PermanentPartnerException.class, classify(401, "<html>", false, null)).deadReason());
        assertEquals(DeadReason.UNAUTHORIZED,
                assertInstanceOf(PermanentPartnerException.class, classify(403, "{}", true, "forbidden")).deadReason());
    }

    @Test
    void garbageAndAnswersNotFromThePartnerAreRetried() {
        TransientPartnerException html = assertInstanceOf(TransientPartnerException.class, classify(502, "<html>", false, null));
        assertEquals(Optional.of(Duration.ofSeconds(3)), html.retryAfter(), "the partner's wait is kept");
        assertTrue(assertInstanceOf(TransientPartnerException.class, classify(200, "{\"id\": \"cus_1\", \"del", false, null))
                .reason().contains("unexpected or unreadable body"));
        assertInstanceOf(TransientPartnerException.class, classify(200, "", false, null));
        assertTrue(assertInstanceOf(TransientPartnerException.class, classify(404, "Not Found", false, null))
                .reason().contains("not in stripe's error format"), "a bare 404 proves nothing");
        assertInstanceOf(TransientPartnerException.class, classify(400, "<html>Bad Request</html>", false, null));
    }

    @Test
    void overloadAndConflictsAreRetried() {
        for (int status : new int[]{408, 409, 425, 429, 500, 503}) {
            assertInstanceOf(TransientPartnerException.class, classify(status, "{}", true, "x"), "HTTP " + status);
        }
    }
}
