package io.privacyplatform.policy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry of systems (systems.yaml): the real one says what each system takes part in today, and a broken one is
 * refused with the problem named.
 */
class SystemsRegistryTest {

    /** The three partners of register.yaml, valid: each broken file below adds one mistake to them. */
    private static final String PARTNERS = """
              - name: stripe
                kind: processor
                owner: partner-sync-service
                dataCategories: [email]
                purposes: [billing]
                hosting: partner
                operations: [erase]
              - name: hubspot
                kind: processor
                owner: partner-sync-service
                dataCategories: [email]
                purposes: [prospection]
                hosting: partner
                operations: [erase]
              - name: openai
                kind: processor
                owner: partner-sync-service
                dataCategories: [email]
                purposes: [service-provision]
                hosting: partner
                operations: [erase]
            """;

    private static Register load(String systems) {
        return Register.load(new ByteArrayInputStream(("version: \"1\"\nsystems:\n" + systems).getBytes(StandardCharsets.UTF_8)));
    }

    /** The file is refused and the message names {@code problem}. */
    private static void assertRefused(String systems, String problem) {
        String message = assertThrows(IllegalStateException.class, () -> load(systems)).getMessage();
        assertTrue(message.contains(problem), message);
    }

    private static String service(String name, String kind, String categories, String purposes, String hosting, String operations) {
        return """
                  - name: %s
                    kind: %s
                    owner: a-team
                    dataCategories: [%s]
                    purposes: [%s]
                    hosting: %s
                    operations: [%s]
                """.formatted(name, kind, categories, purposes, hosting, operations);
    }

    @Test
    void theRegistryNamesEverySystemWithTheOperationsItTakesPartInToday() {
        Register register = Register.load();
        assertEquals(List.of("consent", "retention", "request", "stripe", "hubspot", "openai", "account-database"),
                register.systems().stream().map(Register.RegisteredSystem::name).toList());

        assertEquals(List.of("erase", "restrict", "export"), register.system("consent").operations());
        assertEquals(List.of("erase", "export"), register.system("retention").operations());
        assertEquals(List.of("export"), register.system("request").operations(), "an order never erases the proof of requests");
        assertEquals(List.of("erase", "rectify", "export"), register.system("stripe").operations());
        assertEquals(List.of("erase", "rectify", "restrict", "export"), register.system("hubspot").operations());
        assertEquals(List.of("erase"), register.system("openai").operations());

        Register.RegisteredSystem accounts = register.system("account-database");
        assertEquals("datastore", accounts.kind());
        assertFalse(accounts.connected(), "no order reaches the account database yet");
        assertEquals(List.of(), accounts.operations());
        assertEquals(List.of("erase", "rectify", "restrict", "export"), accounts.supports());
        assertTrue(accounts.dataCategories().containsAll(List.of("first-name", "last-name", "email", "phone", "ip-address")));

        register.systems().stream().filter(s -> !s.name().equals("account-database")).forEach(s -> {
            assertTrue(s.connected(), s.name());
            assertNull(s.supports(), s.name());
        });
        register.systems().stream().filter(s -> s.kind().equals("processor")).forEach(s -> {
            assertEquals("partner", s.hosting(), s.name());
            assertEquals("partner-sync-service", s.owner(), s.name());
        });
        assertEquals(List.of("consent", "retention", "request"), register.systems().stream()
                .filter(s -> s.kind().equals("service")).map(Register.RegisteredSystem::name).toList());
        assertEquals("2026-12-03.1", register.systemsVersion());
    }

    @Test
    void theValidFileTheseTestsBreakLoads() {
        assertEquals(3, load(PARTNERS).systems().size());
    }

    @Test
    void anUnknownKindIsRefused() {
        assertRefused(PARTNERS + service("ledger", "database", "email", "billing", "platform", ""),
                "system ledger: unknown kind 'database'; known: service, processor, datastore, custom");
    }

    @Test
    void anUnknownDataCategoryIsRefused() {
        assertRefused(PARTNERS + service("crm", "custom", "shoe-size", "billing", "platform", "erase"),
                "system crm: unknown data category 'shoe-size'; policy/register.yaml has: email, first-name,");
    }

    @Test
    void anUnknownPurposeIsRefused() {
        assertRefused(PARTNERS + service("crm", "custom", "email", "lead-scoring", "platform", "erase"),
                "system crm: unknown purpose 'lead-scoring'; policy/retention-policy.yaml has: ");
    }

    @Test
    void anUnknownOperationIsRefused() {
        assertRefused(PARTNERS + service("crm", "custom", "email", "billing", "platform", "shred"),
                "system crm: unknown operation 'shred'; known: erase, rectify, restrict, export");
    }

    @Test
    void aProcessorThatIsNotAPartnerOfTheRegisterIsRefused() {
        assertRefused(PARTNERS + service("mailchimp", "processor", "email", "prospection", "partner", "erase"),
                "system mailchimp: a processor must be a partner of policy/register.yaml (partners: hubspot, openai, stripe)");
    }

    @Test
    void aPartnerOfTheRegisterWithoutASystemIsRefused() {
        String withoutOpenAi = PARTNERS.substring(0, PARTNERS.indexOf("  - name: openai"));
        assertRefused(withoutOpenAi,
                "partner openai of policy/register.yaml is not in policy/systems.yaml");
    }

    @Test
    void aDuplicateNameIsRefused() {
        assertRefused(PARTNERS + service("crm", "custom", "email", "billing", "platform", "erase")
                + service("crm", "custom", "phone", "billing", "platform", "erase"),
                "system crm is listed twice");
    }

    @Test
    void aServiceConfirmingErasuresUnderANameContractsDoesNotKnowIsRefused() {
        assertRefused(PARTNERS + service("consents", "service", "email", "marketing-email", "platform", "erase"),
                "system consents: a service that confirms erasures must be named as in contracts.Systems.ALL"
                        + " (consent, retention, stripe, hubspot, openai)");
    }

    @Test
    void hostingMustFitTheKind() {
        assertRefused(PARTNERS.replaceFirst("hosting: partner", "hosting: platform"),
                "system stripe: hosting 'platform' does not fit kind 'processor'");
        assertRefused(PARTNERS + service("crm", "custom", "email", "billing", "mars", "erase"),
                "system crm: unknown hosting 'mars'; known: platform, partner");
    }

    @Test
    void aSystemThatIsNotConnectedTakesPartInNothing() {
        String notConnected = service("warehouse", "datastore", "email", "billing", "platform", "erase")
                + "    connected: false\n";
        assertRefused(PARTNERS + notConnected,
                "system warehouse is not connected: it cannot take part in erase");
    }

    @Test
    void anUnknownKeyIsRefused() {
        assertRefused(PARTNERS + "    colour: blue\n",
                "policy/systems.yaml is not readable: Unrecognized field \"colour\"");
    }
}
