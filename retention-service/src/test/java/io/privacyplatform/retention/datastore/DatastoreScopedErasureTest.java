package io.privacyplatform.retention.datastore;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.contracts.erasure.Evidence;
import io.privacyplatform.contracts.erasure.Exemption;
import io.privacyplatform.retention.datastore.ErasureEvidence.EndedRetention;
import io.privacyplatform.retention.datastore.ErasureEvidence.KeptPurpose;
import io.privacyplatform.retention.datastore.ErasureEvidence.KeptTable;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaClientExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.privacyplatform.retention.datastore.AccountRows.count;
import static io.privacyplatform.retention.datastore.AccountRows.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scoped erasure orders in the example account database (its manifest's {@code purposes:} and {@code then:}), through
 * the real PostgreSQL and, for the confirmations, the real broker: only the tables of the order's purposes go, the
 * tables of kept purposes stay and are named, and at the end of billing's ten years the invoices' retained columns go.
 */
@QuarkusTest
@TestProfile(WithAccountDatabase.class)
class DatastoreScopedErasureTest {

    private static final String STORE = AccountDatabaseResource.NAME;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String RULE = "accounting-ten-years";
    /** Every purpose of the account database but billing: a customer whose other purposes have all ended. */
    private static final ErasureScope KEEPING_BILLING = new ErasureScope(List.of("account-registration",
            "subscription-orders", "customer-inquiries", "connection-logs", "marketing-email", "prospection"), List.of("billing"));
    /** The end of billing's ten years, nothing else left. */
    private static final ErasureScope BILLING_ENDS = new ErasureScope(List.of("billing"), List.of());

    @RegisterExtension
    static final KafkaClientExtension kafka = new KafkaClientExtension();

    private final Datastores datastores;
    private ErasureEvents erasures;
    private String subject;

    DatastoreScopedErasureTest(Datastores datastores) {
        this.datastores = datastores;
    }

    @BeforeEach
    void setUp() throws Exception {
        erasures = new ErasureEvents(kafka, WAIT);
        subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
    }

    @Test
    void anOrderKeepingBillingErasesEverythingElseAndConfirmsWhatBillingKeepsWithItsRule() throws Exception {
        ErasureOrdered order = scoped(subject, KEEPING_BILLING);
        erasures.publish(order);

        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, STORE));

        for (String table : List.of("profiles", "postal_addresses", "login_history", "marketing_preferences")) {
            assertEquals(0, count(subject, "join " + table + " t on t.account_id = a.id"), table);
        }
        assertEquals(List.of("<null>|[erased]"), query("select coalesce(t.subject, '<null>') || '|' || t.body"
                + " from support_tickets t join accounts a on a.id = t.account_id where a.subject_id = ?", subject));
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject), "the account's email is hashed");
        assertEquals(1, count(subject, ""), "the account link stays with the invoices");
        assertEquals(List.of(true, true), query("select t.invoice_number like 'INV-%' and t.billing_name = 'Jeanne Moreau'"
                + " and t.billing_address = '1 rue Haute, 69001 Lyon' and t.delivery_note is null"
                + " from orders t join accounts a on a.id = t.account_id where a.subject_id = ?", subject));
        assertEquals(List.of("[erased]", "[erased]", "[erased]", "[erased]"), query("select l.personalization from order_lines l"
                + " join orders o on o.id = l.order_id join accounts a on a.id = o.account_id where a.subject_id = ?", subject));

        assertEquals(ErasureOutcome.PARTIALLY_ERASED, confirmed.outcome());
        assertEquals(Set.of("accounts.subject_id", "orders.invoice_number", "orders.billing_name", "orders.billing_address"),
                confirmed.retained().stream().map(Exemption::dataCategory).collect(Collectors.toSet()));
        for (Exemption retained : confirmed.retained()) {
            assertEquals(STORE, retained.system());
            assertEquals(RULE, retained.rule(), retained.toString());
            assertTrue(retained.legalBasis().contains("L123-22"), retained.legalBasis());
        }
        assertEquals("1 rows", evidenceOf(confirmed, "profiles").objectId());
        assertEquals("2 rows", evidenceOf(confirmed, "login_history").objectId());
        assertEquals("erased", evidenceOf(confirmed, "marketing_preferences").result());
    }

    @Test
    void aLaterOrderAtTheEndOfBillingErasesTheRetainedColumnsAsTheirThenSays() throws Exception {
        long account = ((Number) query("select id from accounts where subject_id = ?", subject).get(0)).longValue();
        List<Object> invoiceNumbers = query("select invoice_number from orders where account_id = ? order by id", account);
        datastores.erase(STORE, "keep-billing-" + UUID.randomUUID(), subject, KEEPING_BILLING);

        ErasureOrdered order = scoped(subject, BILLING_ENDS);
        erasures.publish(order);
        ErasureConfirmed confirmed = ErasureEvents.confirmed(erasures.awaitConfirmation(order, STORE));

        // invoice_number: hash (unique, like the numbers); billing_name, billing_address: masked; the link: hashed.
        assertEquals(List.of(AccountRows.hmac((String) invoiceNumbers.get(0)), AccountRows.hmac((String) invoiceNumbers.get(1))),
                query("select invoice_number from orders where account_id = ? order by id", account));
        assertEquals(List.of("[erased]|[erased]|4200", "[erased]|[erased]|4200"), query("select billing_name || '|'"
                + " || billing_address || '|' || amount_cents from orders where account_id = ? order by id", account));
        assertEquals(List.of(AccountRows.hmac(subject)), query("select subject_id from accounts where id = ?", account));
        assertEquals(0, count(subject, ""), "nothing leads back to the subject any more");

        assertEquals(ErasureOutcome.ERASED, confirmed.outcome());
        assertEquals(List.of(), confirmed.retained());
        Evidence invoices = evidenceOf(confirmed, "orders.invoice_number");
        assertEquals("retention ended (rule accounting-ten-years): hash", invoices.action());
        assertEquals("2 rows", invoices.objectId());
        assertEquals("retention ended (rule accounting-ten-years): mask", evidenceOf(confirmed, "orders.billing_name").action());
        assertEquals("retention ended (rule accounting-ten-years): hash", evidenceOf(confirmed, "accounts.subject_id").action());
        assertEquals("1 rows", evidenceOf(confirmed, "accounts").objectId());
        assertEquals("untouched", evidenceOf(confirmed, "profiles").result());
        assertEquals("re-count of orders: 0 rows not erased", invoices.verification());
    }

    @Test
    void tablesOfKeptPurposesStayAndTheEvidenceNamesThemWithTheirPurposeAndRule() throws Exception {
        ErasureScope scope = new ErasureScope(List.of("account-registration", "customer-inquiries", "marketing-email", "prospection"),
                List.of("subscription-orders", "billing", "connection-logs"));
        String order = "scoped-" + UUID.randomUUID();

        ErasureEvidence evidence = datastores.erase(STORE, order, subject, scope);

        assertEquals(0, count(subject, "join profiles t on t.account_id = a.id"));
        assertEquals(0, count(subject, "join marketing_preferences t on t.account_id = a.id"));
        assertEquals(2, count(subject, "join postal_addresses t on t.account_id = a.id"), "kept for subscription-orders");
        assertEquals(2, count(subject, "join login_history t on t.account_id = a.id"), "kept for connection-logs");
        assertEquals(List.of("ring twice", "ring twice"), query("select t.delivery_note from orders t join accounts a"
                + " on a.id = t.account_id where a.subject_id = ?", subject));
        assertEquals(List.of("For Jeanne", "For Jeanne", "For Jeanne", "For Jeanne"), query("select l.personalization from"
                + " order_lines l join orders o on o.id = l.order_id join accounts a on a.id = o.account_id where a.subject_id = ?", subject));
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))), query("select email from accounts where subject_id = ?", subject));

        List<KeptPurpose> orders = List.of(new KeptPurpose("subscription-orders", "account-inactivity"));
        assertEquals(List.of(new KeptTable("postal_addresses", orders, 2), new KeptTable("orders", orders, 2),
                new KeptTable("order_lines", orders, 4),
                new KeptTable("login_history", List.of(new KeptPurpose("connection-logs", "connection-data-one-year")), 2)),
                evidence.kept());
        assertEquals(Set.of("profiles", "support_tickets", "marketing_preferences", "accounts"), evidence.rowsAffected().keySet());
        assertEquals(List.of(), evidence.ended(), "billing is kept: its rule has not ended");
        assertEquals(List.of("accounts.subject_id"), evidence.retained().stream().map(r -> r.table() + "." + r.column()).toList());

        assertEquals(evidence, datastores.erase(STORE, order, subject, scope), "a re-run returns the stored evidence");
    }

    @Test
    void aMarketingOnlyOrderDeletesTheMarketingPreferencesAndLeavesTheOtherTablesUntouched() throws Exception {
        ErasureEvidence evidence = datastores.erase(STORE, "marketing-" + UUID.randomUUID(), subject,
                new ErasureScope(List.of("marketing-email"), List.of()));

        assertEquals(Map.of("marketing_preferences", 1), evidence.rowsAffected());
        assertEquals(0, count(subject, "join marketing_preferences t on t.account_id = a.id"));
        assertEquals(1, count(subject, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.email(subject)), query("select email from accounts where subject_id = ?", subject));
        assertEquals("serves none of the order's purposes (customer-inquiries)", evidence.untouched().get("support_tickets"));
        assertEquals(List.of(), evidence.retained());
        assertEquals(List.of(), evidence.kept());
    }

    @Test
    void anOrderKeepingThePurposeOfAMarketingTableKeepsItAndAWholeOrderAfterAScopedOneStillErasesEverything() throws Exception {
        ErasureEvidence scoped = datastores.erase(STORE, "marketing-" + UUID.randomUUID(), subject,
                new ErasureScope(List.of("marketing-email"), List.of("prospection")));
        assertEquals(Map.of(), scoped.rowsAffected());
        assertEquals(List.of(new KeptTable("marketing_preferences", List.of(new KeptPurpose("prospection", "prospection-three-years")), 1)),
                scoped.kept());

        ErasureEvidence whole = datastores.erase(STORE, "whole-" + UUID.randomUUID(), subject);
        assertEquals(1, whole.rowsAffected().get("marketing_preferences"));
        assertEquals(1, whole.rowsAffected().get("profiles"));
        assertEquals(List.of(), whole.ended(), "a whole order keeps the retained columns, as before scopes");
        assertEquals(4, whole.retained().size());
        assertEquals(Arrays.asList(null, null), query("select t.delivery_note from orders t join accounts a on a.id = t.account_id"
                + " where a.subject_id = ?", subject));
    }

    private static ErasureOrdered scoped(String subject, ErasureScope scope) {
        return new ErasureOrdered(UUID.randomUUID(), null, subject, ErasureReason.RETENTION_EXPIRED,
                List.of(Systems.RETENTION, STORE), List.of(), Instant.now(), scope);
    }

    private static Evidence evidenceOf(ErasureConfirmed confirmed, String objectType) {
        return confirmed.evidence().stream().filter(e -> e.objectType().equals(objectType)).findFirst()
                .orElseThrow(() -> new AssertionError("no evidence for " + objectType + " in " + confirmed.evidence()));
    }
}
