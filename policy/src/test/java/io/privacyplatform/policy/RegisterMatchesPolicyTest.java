package io.privacyplatform.policy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The register against the published policy text (v1.0, src/main/resources/policy): every purpose of §5 with its legal
 * basis, every technical partner of §6 with its address, policy link and transfer safeguard, hosting (§9), the
 * contact (§2.1), and nothing the policy lists missing from the register. The text's PDF extraction glues words
 * together ("LesDonnéesPersonnelles"), so both sides are compared without spaces, dashes or apostrophe variants.
 */
class RegisterMatchesPolicyTest {

    private static String policy;
    private static Register register;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = RegisterMatchesPolicyTest.class.getResourceAsStream("/policy/politique-protection-donnees.txt")) {
            policy = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        register = Register.load();
    }

    private static String squash(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC).replaceAll("[\\s\\u2010\\u2011\\u2012\\u2013\\-'’]", "").toLowerCase();
    }

    /** The text of one numbered section, up to the next. */
    private static String section(String number, String next) {
        Matcher start = Pattern.compile("\\n\\s*" + Pattern.quote(number) + " ‑ ").matcher(policy);
        assertTrue(start.find(), "section " + number + " found in the policy text");
        Matcher end = Pattern.compile("\\n\\s*" + Pattern.quote(next) + " ‑ ").matcher(policy);
        assertTrue(end.find(start.end()), "section " + next + " found after section " + number);
        return policy.substring(start.start(), end.start());
    }

    private static void assertIn(String haystack, String needle, String what) {
        assertTrue(squash(haystack).contains(squash(needle)), what + ": \"" + needle + "\" is not in the policy text");
    }

    @Test
    void theRegisterNamesThePolicyVersionItWasWrittenFrom() {
        assertTrue(policy.contains("Version & date de publication " + register.policy().version()));
        assertTrue(policy.contains(register.policy().url().replace("https://", "")));
        assertIn(policy, register.dataProtectionContact().email(), "data-protection contact");
        assertIn(section("2", "3"), register.controller().address(), "controller address");
        assertIn(section("2", "3"), "988655635", "controller registration");
    }

    @TestFactory
    List<DynamicTest> everyPurposeOfSection5IsInTheRegisterWithItsLegalBasis() {
        String section5 = section("5", "6");
        List<Register.Purpose> fromTable = register.purposes().stream().filter(p -> p.section().equals("§5")).toList();
        assertEquals(8, fromTable.size(), "the eight rows of the table of §5");
        return fromTable.stream().map(purpose -> DynamicTest.dynamicTest(purpose.code(), () -> {
            assertIn(section5, purpose.title(), "purpose " + purpose.code());
            assertIn(section5, purpose.title() + purpose.legalBasisText(), "legal basis of " + purpose.code());
            assertFalse(purpose.retention() == null || purpose.retention().isBlank(), "a retention rule for " + purpose.code());
        })).toList();
    }

    @Test
    void nothingOfTheTableOfSection5IsMissingFromTheRegister() {
        // Each row of the table ends with its legal basis; count them and compare with the register.
        String section5 = squash(section("5", "6"));
        int rows = 0;
        for (String basis : List.of("Le traitement est nécessaire à l'exécution du contrat conclu avec l'Utilisateur",
                "Le traitement est nécessaire aux fins des intérêts légitimes poursuivis par CCSIT")) {
            Matcher m = Pattern.compile(Pattern.quote(squash(basis))).matcher(section5);
            while (m.find()) {
                rows++;
            }
        }
        assertEquals(rows, register.purposes().stream().filter(p -> p.section().equals("§5")).count());
    }

    @TestFactory
    List<DynamicTest> everyTechnicalPartnerOfSection6IsInTheRegister() {
        String section6 = section("6", "7");
        return register.partners().stream().map(partner -> DynamicTest.dynamicTest(partner.system(), () -> {
            assertIn(section6, partner.name(), "partner name");
            assertIn(section6, partner.address(), "address of " + partner.system());
            assertIn(section6, partner.privacyPolicy(), "privacy policy of " + partner.system());
            boolean outsideEu = !partner.address().endsWith("Ireland");
            assertEquals(outsideEu, partner.transferOutsideEu(), "transfer outside the EU of " + partner.system());
            if (outsideEu) {
                // §6 frames such transfers by adequacy decisions or standard contractual clauses.
                assertIn(section6, "décisions d'adéquation", "transfer safeguard");
                assertIn(section6, "clauses contractuelles types", "transfer safeguard");
            }
        })).toList();
    }

    @Test
    void noPartnerOfSection6IsMissingFromTheRegister() {
        Matcher links = Pattern.compile("https://\\S+").matcher(section("6", "7"));
        int partnersInText = 0;
        while (links.find()) {
            partnersInText++;
        }
        assertEquals(partnersInText, register.partners().size(), "one privacy-policy link per technical partner in §6");
    }

    @Test
    void recipientsHostingAndDataCategoriesFollowThePolicy() {
        String section6 = section("6", "7");
        assertIn(section6, "service commercial", "recipient: sales department");
        assertIn(section6, "autorités administratives et judiciaires", "recipient: authorities");
        assertIn(section6, "anonymisées", "recipient: statistics providers (anonymized)");
        assertEquals(4, register.recipients().size());

        String section9 = section("9", "10");
        assertIn(section9, register.hosting().provider(), "hosting provider");
        assertIn(section9, register.hosting().address(), "hosting address");
        assertIn(section9, "hébergées dans l'Union Européenne", "hosting in the EU");

        String section3 = section("3", "4");
        for (String category : List.of("Prénom", "Nom", "Adresse email", "Numéro de téléphone")) {
            assertTrue(register.dataCategories().stream().anyMatch(c -> c.title().equals(category)), category);
            assertIn(section3, category, "data category");
        }
        assertIn(section("8", "9"), "adresse IP", "IP addresses (§8)");
        assertFalse(register.cookies().used(), "§7: no cookies");
        assertIn(section("7", "8"), "sans usage de cookie", "§7");
    }

    @Test
    void everyRetentionRuleOfSection4IsQuotedFromThePolicy() {
        // Each rule's section cites the policy; rules from §4 quote its criteria, which must be in §4's text.
        assertTrue(register.retentionRules().size() >= 6);
        assertTrue(register.retentionRules().stream().anyMatch(r -> "P10Y".equals(r.period())), "accounting records: 10 years");
        assertTrue(register.retentionRules().stream().anyMatch(r -> "P1Y".equals(r.period())), "connection data: 1 year (§8)");
        assertTrue(register.retentionRules().stream().anyMatch(r -> "P3Y".equals(r.period())), "prospection: 3 years");
        assertIn(section("4", "5"), "trois ans après la collecte ou le dernier contact", "§4 three years");
    }
}
