package io.privacyplatform.policy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy file: the real one is complete, and a broken one is refused with every problem named. */
class RetentionPolicyTest {

    private static final Map<String, Period> PARAMETERS = Map.of("account-inactivity", Period.ofYears(2),
            "marketing-inactivity", Period.ofYears(3), "request-handling", Period.ofMonths(3));

    private static String file() throws IOException {
        try (InputStream in = RetentionPolicyTest.class.getClassLoader().getResourceAsStream("policy/retention-policy.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static RetentionPolicy load(String yaml) {
        return RetentionPolicy.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), PARAMETERS);
    }

    @Test
    void thePublishedPolicyIsCompleteAndItsRulesAreThoseOfSections4And8() throws IOException {
        RetentionPolicy policy = load(file());
        RetentionPolicy.SECTION_5_PURPOSES.forEach(code -> assertTrue(policy.purpose(code).isPresent(), code));
        assertEquals(Period.ofYears(3), policy.rule("prospection-three-years").period());
        assertEquals(Period.ofYears(10), policy.rule("accounting-ten-years").period());
        assertEquals(Period.ofYears(1), policy.rule("connection-data-one-year").period());
        assertEquals(Period.ofYears(2), policy.rule("account-inactivity").period(), "resolved from its parameter");
        assertEquals("connection-logs", policy.connectionLogPurpose().code());
        assertEquals("marketing-email", policy.ofConsentPurpose("marketing-email").orElseThrow().code());
        policy.rules().forEach(rule -> assertTrue(rule.section().contains("§"), rule.code()));
        assertEquals(java.util.List.of("commercial-statistics"), policy.anonymizedPurposes());
    }

    @Test
    void aBrokenPolicyIsRefusedWithEveryProblemNamed() throws IOException {
        String broken = file()
                .replace("rule: accounting-ten-years", "rule: accounting-eleven-years")
                .replace("parameter: marketing-inactivity", "parameter: marketing-idleness")
                .replace("- code: data-subject-rights", "- code: data-subject-wrongs")
                .replace("anchors: [offer-end]", "anchors: [offer-start]");
        RetentionPolicy.InvalidPolicyException e = assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load(broken));
        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("unknown rule 'accounting-eleven-years'"));
        assertTrue(e.getMessage().contains("unknown parameter 'marketing-idleness'"));
        assertTrue(e.getMessage().contains("purpose data-subject-rights of policy section 5 is missing"));
        assertTrue(e.getMessage().contains("unknown anchor 'offer-start'"));

        assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load(file().replace("    period: P3Y\n    atExpiry: DELETE",
                "    period: P3Y\n    parameter: account-inactivity\n    atExpiry: DELETE")));
        assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load("version: 1\nsurprise: true\n"));
        assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load(file().replace("version: \"2026-11-26.1\"\n", "")));
    }
}
