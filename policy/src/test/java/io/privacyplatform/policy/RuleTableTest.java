package io.privacyplatform.policy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule table lists every rule of a policy file, including what a later version of the file may add. */
class RuleTableTest {

    @Test
    void everyRuleOfThePolicyFileIsARow() throws Exception {
        String table;
        try (InputStream file = Register.class.getClassLoader().getResourceAsStream("policy/retention-policy.yaml")) {
            table = RuleTable.markdown(file, Map.of("marketing-inactivity", "P3Y"));
        }
        RetentionPolicy policy;
        try (InputStream file = Register.class.getClassLoader().getResourceAsStream("policy/retention-policy.yaml")) {
            policy = RetentionPolicy.read(file);
        }
        List<String> rows = table.lines().skip(2).toList();
        assertEquals(policy.rules().size(), rows.size(), table);
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith("| `" + policy.rules().get(i).code() + "` |"), rows.get(i));
        }
        String marketing = rows.stream().filter(r -> r.startsWith("| `marketing-consent` |")).findFirst().orElseThrow();
        assertTrue(marketing.contains("parameter `marketing-inactivity`, by default 3 years (`P3Y`)"), marketing);
        assertTrue(marketing.contains("`marketing-email` (consent `marketing-email`)"), marketing);
        assertTrue(marketing.contains("consent, GDPR Art. 6(1)(a)"), marketing);
    }

    @Test
    void anchorsFieldsAndValuesItDoesNotKnowAreShownAsWritten() {
        String yaml = """
                rules:
                  - code: request-bodies
                    section: "§4, 3rd criterion"
                    summary: "Request bodies: purged | once closed."
                    heldBy: request-service
                    anchors: [request-closed]
                    parameter: request-bodies
                    atExpiry: PURGE_BODIES
                    keeps: [receipt, audit-chain]
                purposes:
                  - code: subject-requests
                    rule: request-bodies
                    legalBasis: LEGAL_OBLIGATION
                    system: request-service
                """;
        String table = RuleTable.markdown(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), Map.of());
        String row = table.lines().skip(2).findFirst().orElseThrow();
        assertEquals("| `request-bodies` | §4, 3rd criterion: Request bodies: purged \\| once closed. "
                + "| `subject-requests` (`system`: request-service) | `request-closed` | parameter `request-bodies` "
                + "| `PURGE_BODIES`; `heldBy`: request-service; `keeps`: receipt, audit-chain "
                + "| legal obligation, GDPR Art. 6(1)(c) |", row);
    }
}
