package io.privacyplatform.request.service.purge;

import io.privacyplatform.policy.Register;
import io.privacyplatform.policy.RetentionPolicy;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The purge enforces the policy file's rules heldBy request-service, or the service does not start. */
class OwnRecordRulesTest {

    private static String file() throws IOException {
        try (InputStream in = OwnRecordRulesTest.class.getClassLoader().getResourceAsStream(Register.RETENTION_POLICY_FILE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static OwnRecordRules rules(String yaml) {
        return OwnRecordRules.of(RetentionPolicy.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))),
                Duration.ofDays(7));
    }

    @Test
    void everyStatementTakesItsPeriodFromTheFile() throws IOException {
        List<OwnRecordRules.Step> steps = rules(file()).steps();
        assertEquals(List.of("request-bodies-after-closing", "request-bodies-after-closing", "export-document-expired",
                "email-filing-unverified", "post-mortem-directives", "request-accountability", "request-accountability"),
                steps.stream().map(OwnRecordRules.Step::rule).toList());
        assertTrue(steps.get(0).sql().contains("interval 'P3M'"), steps.get(0).sql());
        assertTrue(steps.get(2).sql().contains("interval '604800 seconds'"), "a link never asked for: ready + link TTL");
        assertTrue(steps.get(6).sql().contains("interval 'P5Y'"), steps.get(6).sql());

        List<OwnRecordRules.Step> longer = rules(file().replace("    period: P3M\n", "    period: P6M\n")).steps();
        assertTrue(longer.get(0).sql().contains("interval 'P6M'"), "the period is the file's");
    }

    @Test
    void aRecordUncoveredCoveredTwiceOrUnknownOrWithTheWrongClockStopsTheService() throws IOException {
        String broken = file()
                .replace("records: [unverified-email-filing]", "records: [unverified-email-filing, export-document]")
                .replace("records: [post-mortem-directive]", "records: [post-mortem-directive, last-wishes]")
                .replace("anchors: [request-closed]\n", "anchors: [directive-ended]\n")
                .replace(", verified-email-filing, directive-record]", ", directive-record]")
                .replace("anchors: [request-closed, directive-ended]", "anchors: [request-closed, directive-ended, filing-code-expired]");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rules(broken));
        String problems = e.getMessage();
        assertTrue(problems.contains("record export-document is covered by rules export-document-expired and email-filing-unverified"), problems);
        assertTrue(problems.contains("rule post-mortem-directives: request-service keeps no record 'last-wishes'"), problems);
        assertTrue(problems.contains("rule request-bodies-after-closing: the clock of request-body reads request-closed, not only directive-ended"), problems);
        assertTrue(problems.contains("rule request-accountability: none of its records is dated by filing-code-expired"), problems);
        assertTrue(problems.contains("no rule heldBy request-service covers its record 'verified-email-filing'"), problems);
    }
}
