package io.privacyplatform.policy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Period;
import java.util.List;
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
        assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load(file().replace("version: \"2026-12-03.3\"\n", "")));
    }

    @Test
    void everyServiceKeepsItsAccessJournalOneYear() throws IOException {
        RetentionPolicy policy = load(file());
        assertEquals(Period.ofYears(1), policy.accessJournalPeriod());
        RetentionPolicy.Rule journal = policy.rule("access-journal");
        assertEquals(List.of(RetentionPolicy.RecordAnchor.JOURNALED), journal.recordAnchorList());
        assertEquals(List.of("access-journal"), policy.rulesHeldBy(RetentionPolicy.EVERY_SERVICE).stream()
                .map(RetentionPolicy.Rule::code).toList());
    }

    @Test
    void requestServiceKeepsItsOwnRecordsByRulesNoPurposeNames() throws IOException {
        RetentionPolicy policy = load(file());
        List<RetentionPolicy.Rule> held = policy.rulesHeldBy(RetentionPolicy.REQUEST_SERVICE);
        assertEquals(List.of("request-bodies-after-closing", "export-document-expired", "email-filing-unverified",
                "post-mortem-directives", "request-accountability"), held.stream().map(RetentionPolicy.Rule::code).toList());
        assertEquals(Period.ofMonths(3), policy.rule("request-bodies-after-closing").period());
        RetentionPolicy.Rule accountability = policy.rule("request-accountability");
        assertEquals(Period.ofYears(5), accountability.period());
        assertEquals("Code civil, article 2224", accountability.legalReference());
        assertEquals(List.of(RetentionPolicy.RecordAnchor.REQUEST_CLOSED, RetentionPolicy.RecordAnchor.DIRECTIVE_ENDED),
                accountability.recordAnchorList());
        assertTrue(accountability.records().containsAll(List.of("request-record", "audit-chain", "erasure-receipt")));
        assertTrue(policy.rule("post-mortem-directives").records().contains("post-mortem-directive"));
        held.forEach(rule -> assertEquals(RetentionPolicy.AtExpiry.DELETE, rule.atExpiry(), rule.code()));
        // retention-service's inventory never meets them: no purpose names a held rule.
        policy.purposes().forEach(p -> assertTrue(policy.ruleOf(p).inventoryRule(), p.code()));
    }

    @Test
    void aRuleHeldByRequestServiceIsCheckedForWhatOnlyItMaySay() throws IOException {
        String broken = file()
                .replace("anchors: [export-link-expired]", "anchors: [last-activity]")
                .replace("    records: [unverified-email-filing]\n", "")
                .replace("    anchors: [directive-ended]\n    period: P0D\n",
                        "    anchors: [directive-ended]\n    parameter: request-handling\n")
                .replace("anchors: [request-closed]\n    period: P3M\n    atExpiry: DELETE",
                        "anchors: [request-closed]\n    period: P3M\n    atExpiry: ANONYMIZE\n    keptOnErasure: true")
                .replace("    heldBy: request-service\n    records: [request-record", "    heldBy: billing-service\n    records: [request-record")
                .replace("    rule: promotional-offer\n", "    rule: request-accountability\n");
        RetentionPolicy.InvalidPolicyException e = assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load(broken));
        String problems = e.getMessage();
        assertTrue(problems.contains("rule export-document-expired: unknown anchor 'last-activity' of request-service's records"), problems);
        assertTrue(problems.contains("rule email-filing-unverified: records (codes of lower-case letters, digits and dashes) are required"), problems);
        assertTrue(problems.contains("rule post-mortem-directives: a rule heldBy a service has a written period, not a parameter"), problems);
        assertTrue(problems.contains("rule request-bodies-after-closing: endsOnWithdrawal and keptOnErasure apply to inventory rules only"), problems);
        assertTrue(problems.contains("rule request-bodies-after-closing: a rule heldBy a service deletes at expiry"), problems);
        assertTrue(problems.contains("rule request-accountability: unknown holder 'billing-service'"), problems);
        assertTrue(problems.contains("purpose promotional-offers: rule 'request-accountability' is held by billing-service"), problems);
        assertEquals(7, e.problems().size(), e.problems().toString());

        RetentionPolicy.InvalidPolicyException records = assertThrows(RetentionPolicy.InvalidPolicyException.class, () -> load(
                file().replace("    anchors: [offer-end]\n", "    anchors: [offer-end]\n    records: [offer-entries]\n")));
        assertEquals(List.of("rule promotional-offer: records are named only by a rule heldBy a service"), records.problems());
    }
}
