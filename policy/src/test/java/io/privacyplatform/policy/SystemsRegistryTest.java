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
                confirmedBy: partner-sync-service
                dataCategories: [email]
                purposes: [billing]
                hosting: partner
                operations: [erase]
              - name: hubspot
                kind: processor
                owner: partner-sync-service
                confirmedBy: partner-sync-service
                dataCategories: [email]
                purposes: [prospection]
                hosting: partner
                operations: [erase]
              - name: openai
                kind: processor
                owner: partner-sync-service
                confirmedBy: partner-sync-service
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
        String confirmedBy = switch (kind) {
            case "processor" -> "partner-sync-service";
            case "datastore" -> "retention-service";
            case "service" -> "consent-service";
            default -> name + "-client";
        };
        return confirmedBy(name, kind, categories, purposes, hosting, operations, confirmedBy);
    }

    private static String confirmedBy(String name, String kind, String categories, String purposes, String hosting,
                                      String operations, String confirmedBy) {
        return """
                  - name: %s
                    kind: %s
                    owner: a-team
                    confirmedBy: %s
                    dataCategories: [%s]
                    purposes: [%s]
                    hosting: %s
                    operations: [%s]
                """.formatted(name, kind, confirmedBy, categories, purposes, hosting, operations);
    }

    @Test
    void theRegistryNamesEverySystemWithTheOperationsItTakesPartInToday() {
        Register register = Register.load();
        assertEquals(List.of("consent", "retention", "request", "stripe", "hubspot", "openai", "account-database"),
                register.systems().stream().map(Register.RegisteredSystem::name).toList());

        assertEquals(List.of("erase", "restrict", "export"), register.system("consent").operations());
        assertEquals(List.of("erase", "restrict", "export"), register.system("retention").operations());
        assertEquals(List.of("export"), register.system("request").operations(), "an order never erases the proof of requests");
        assertEquals(List.of("erase", "rectify", "export"), register.system("stripe").operations());
        assertEquals(List.of("erase", "rectify", "restrict", "export"), register.system("hubspot").operations());
        assertEquals(List.of("erase"), register.system("openai").operations());

        Register.RegisteredSystem accounts = register.system("account-database");
        assertEquals("datastore", accounts.kind());
        assertEquals(List.of("erase", "rectify", "restrict", "export"), accounts.operations());
        assertEquals("retention-service", accounts.confirmedBy(), "retention-service runs the datastore's manifest");
        assertTrue(accounts.dataCategories().containsAll(List.of("first-name", "last-name", "email", "phone", "ip-address")));

        register.systems().forEach(s -> {
            assertTrue(s.connected(), s.name());
            assertNull(s.supports(), s.name());
        });
        register.systems().stream().filter(s -> s.kind().equals("processor")).forEach(s -> {
            assertEquals("partner", s.hosting(), s.name());
            assertEquals("partner-sync-service", s.owner(), s.name());
            assertEquals("partner-sync-service", s.confirmedBy(), s.name());
        });
        assertEquals(List.of("consent", "retention", "request"), register.systems().stream()
                .filter(s -> s.kind().equals("service")).map(Register.RegisteredSystem::name).toList());
        assertEquals("2026-12-03.4", register.systemsVersion());
    }

    @Test
    void theExpectedSystemsOfEveryOrderComeFromTheRegistry() {
        Register register = Register.load();
        assertEquals(List.of("consent", "retention", "stripe", "hubspot", "openai", "account-database"),
                register.expectedSystems("erase"));
        assertEquals(List.of("stripe", "hubspot", "account-database"), register.expectedSystems("rectify"));
        assertEquals(List.of("consent", "retention", "hubspot", "account-database"), register.expectedSystems("restrict"));
        assertThrows(IllegalArgumentException.class, () -> register.expectedSystems("export"),
                "an export is collected, not confirmed");
    }

    @Test
    void aScopedErasureNamesTheSystemsHoldingThePurposesThatGoAndLeavesWholeObjectSystemsAKeptPurposeNeeds() {
        Register register = Register.load();
        // A customer whose billing lives on (10 years) while every other purpose has ended (policy §4).
        Register.ErasurePlan billingKept = register.planErasure(
                List.of("prospection", "marketing-email", "customer-inquiries", "account-registration",
                        "subscription-orders", "service-provision"), List.of("billing"));
        assertEquals(List.of("consent", "retention", "hubspot", "openai", "account-database"), billingKept.systems(),
                "the account database deletes per manifest table; hubspot and openai serve no kept purpose");
        assertEquals(List.of(new Register.KeptSystem("stripe", List.of("billing"))), billingKept.kept(),
                "a Stripe customer is one object that billing still needs");

        // Only the marketing consent ended: consent, retention and the account database (its marketing preferences,
        // per manifest table) act, no processor is touched.
        Register.ErasurePlan marketingOnly = register.planErasure(List.of("marketing-email"),
                List.of("prospection", "billing"));
        assertEquals(List.of("consent", "retention", "account-database"), marketingOnly.systems());
        assertEquals(List.of(new Register.KeptSystem("hubspot", List.of("prospection"))), marketingOnly.kept());

        // The end of billing's 10 years, nothing else left: Stripe and the account database's invoices go.
        Register.ErasurePlan billingEnds = register.planErasure(List.of("billing"), List.of());
        assertEquals(List.of("retention", "stripe", "account-database"), billingEnds.systems());
        assertEquals(List.of(), billingEnds.kept());
    }

    @Test
    void aSystemThatIsNotConnectedIsExpectedByNoOrder() {
        Register register = load(PARTNERS + service("warehouse", "datastore", "email", "billing", "platform", "")
                + "    connected: false\n");
        assertEquals(List.of("stripe", "hubspot", "openai"), register.expectedSystems("erase"));
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
    void aSystemTakingPartInOrdersNamesThePrincipalThatConfirmsForIt() {
        assertRefused(PARTNERS.replaceFirst("\n *confirmedBy: partner-sync-service", ""),
                "system stripe: confirmedBy (the principal answering for it) is required when it takes part in erase");
        assertRefused(PARTNERS + confirmedBy("warehouse", "datastore", "email", "billing", "platform", "erase", "warehouse-team"),
                "system warehouse: a datastore is confirmed by retention-service, not 'warehouse-team'");
        assertRefused(PARTNERS + confirmedBy("consents", "service", "email", "marketing-email", "platform", "erase", "a-script"),
                "system consents: a service of this platform is confirmed by one of [consent-service, retention-service,");
        assertRefused(PARTNERS + confirmedBy("crm", "custom", "email", "billing", "platform", "erase", "retention-service"),
                "system crm: a custom system answers under its own principal, not a platform service's ('retention-service')");
        Register.RegisteredSystem crm = load(PARTNERS + service("crm", "custom", "email", "billing", "platform", "erase"))
                .system("crm");
        assertEquals("crm-client", crm.confirmedBy());
        assertFalse(crm.confirmedByPlatform());
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
