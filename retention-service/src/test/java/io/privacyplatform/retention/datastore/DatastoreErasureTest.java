package io.privacyplatform.retention.datastore;

import io.privacyplatform.retention.datastore.ErasureEvidence.RetainedData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.privacyplatform.retention.datastore.AccountRows.count;
import static io.privacyplatform.retention.datastore.AccountRows.query;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Erasure in the example account database, through a real PostgreSQL: each action, the evidence, re-runs, injection. */
@QuarkusTest
@TestProfile(WithAccountDatabase.class)
class DatastoreErasureTest {

    private static final String STORE = AccountDatabaseResource.NAME;

    private final Datastores datastores;

    DatastoreErasureTest(Datastores datastores) {
        this.datastores = datastores;
    }

    @Test
    void eachActionErasesTheSubjectAndTheEvidenceCountsIt() throws Exception {
        String subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);

        ErasureEvidence evidence = datastores.erase(STORE, order(), subject);

        // delete-row
        assertEquals(0, count(subject, "join profiles t on t.account_id = a.id"));
        assertEquals(0, count(subject, "join postal_addresses t on t.account_id = a.id"));
        assertEquals(0, count(subject, "join login_history t on t.account_id = a.id"));
        assertEquals(0, count(subject, "join marketing_preferences t on t.account_id = a.id"));
        // null and mask: the rows stay
        assertEquals(Arrays.asList(null, null),
                query("select t.delivery_note from orders t join accounts a on a.id = t.account_id where a.subject_id = ?", subject));
        assertEquals(List.of("<null>|[erased]"), query("select coalesce(t.subject, '<null>') || '|' || t.body"
                + " from support_tickets t join accounts a on a.id = t.account_id where a.subject_id = ?", subject));
        // hash: the keyed HMAC of the address, computed in the database
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject));
        // retain: the invoices are intact
        assertEquals(List.of(true, true), query("select t.invoice_number like 'INV-%' and t.billing_name = 'Jeanne Moreau'"
                + " and t.billing_address = '1 rue Haute, 69001 Lyon' and t.amount_cents = 4200"
                + " from orders t join accounts a on a.id = t.account_id where a.subject_id = ?", subject));

        assertEquals(STORE, evidence.datastore());
        Map<String, Integer> childrenFirst = new LinkedHashMap<>();
        childrenFirst.put("order_lines", 4);
        childrenFirst.put("profiles", 1);
        childrenFirst.put("postal_addresses", 2);
        childrenFirst.put("orders", 2);
        childrenFirst.put("login_history", 2);
        childrenFirst.put("support_tickets", 1);
        childrenFirst.put("marketing_preferences", 1);
        childrenFirst.put("accounts", 1);
        assertEquals(List.copyOf(childrenFirst.entrySet()), List.copyOf(evidence.rowsAffected().entrySet()));
        assertEquals(childrenFirst.keySet(), evidence.remaining().keySet());
        assertEquals(Set.of(0L), Set.copyOf(evidence.remaining().values()));
        String invoices = "French commercial code L123-22: accounting records and invoices kept 10 years";
        assertThat(evidence.retained(), containsInAnyOrder(
                new RetainedData("accounts", "subject_id",
                        "French commercial code L123-22 (accounting records), with the subject's invoices", "accounting-ten-years", 1),
                new RetainedData("orders", "invoice_number", invoices, "accounting-ten-years", 2),
                new RetainedData("orders", "billing_name", invoices, "accounting-ten-years", 2),
                new RetainedData("orders", "billing_address", invoices, "accounting-ten-years", 2)));
    }

    @Test
    void orderLinesThreeTablesDeepAreReachedAndNobodyElsesAre() throws Exception {
        String subject = AccountRows.newSubjectId();
        String bystander = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
        AccountRows.insertSubject(bystander);

        datastores.erase(STORE, order(), subject);

        String lines = "select l.personalization from order_lines l join orders o on o.id = l.order_id"
                + " join accounts a on a.id = o.account_id where a.subject_id = ?";
        assertEquals(List.of("[erased]", "[erased]", "[erased]", "[erased]"), query(lines, subject));
        assertEquals(List.of("For Jeanne", "For Jeanne", "For Jeanne", "For Jeanne"), query(lines, bystander));
        assertEquals(1, count(bystander, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.email(bystander)), query("select email from accounts where subject_id = ?", bystander));
    }

    @Test
    void aReRunOfTheSameOrderReturnsTheSameEvidenceAndChangesNothing() throws Exception {
        String subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
        String order = order();

        ErasureEvidence first = datastores.erase(STORE, order, subject);
        // Written after the erasure: a second run of the same order must not touch it.
        AccountRows.execute("insert into login_history (account_id, logged_in_at, ip_address)"
                + " select id, now(), '203.0.113.9' from accounts where subject_id = ?", subject);
        ErasureEvidence second = datastores.erase(STORE, order, subject);

        assertEquals(first, second);
        assertEquals(1, count(subject, "join login_history t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject), "hashed once, not a hash of the hash");

        ErasureEvidence another = datastores.erase(STORE, order(), subject);
        assertEquals(1, another.rowsAffected().get("login_history"));
    }

    @Test
    void aBatchGivesEachOrderItsOwnEvidenceAndASecondOrderForTheSameSubjectDoesNotHashTheHash() throws Exception {
        String subject = AccountRows.newSubjectId();
        String other = AccountRows.newSubjectId();
        String third = AccountRows.newSubjectId();
        String bystander = AccountRows.newSubjectId();
        for (String s : List.of(subject, other, third, bystander)) {
            AccountRows.insertSubject(s);
        }
        AccountRows.execute("insert into login_history (account_id, logged_in_at, ip_address)"
                + " select id, now(), '203.0.113.9' from accounts where subject_id = ?", third);
        String done = order();
        ErasureEvidence doneBefore = datastores.erase(STORE, done, other);

        List<ErasureEvidence> batch = datastores.eraseAll(STORE, List.of(new DatastoreConnector.ErasureOrder("a-" + order(), subject),
                new DatastoreConnector.ErasureOrder(done, other), new DatastoreConnector.ErasureOrder("b-" + order(), subject),
                new DatastoreConnector.ErasureOrder("c-" + order(), third)));

        assertEquals(4, batch.size());
        assertEquals(4, batch.get(0).rowsAffected().get("order_lines"));
        assertEquals(1, batch.get(0).rowsAffected().get("profiles"));
        assertEquals(2, batch.get(0).rowsAffected().get("login_history"));
        assertEquals(doneBefore, batch.get(1), "an order already done returns its stored evidence");
        assertEquals(0, batch.get(2).rowsAffected().get("profiles"), "the second order finds the rows gone");
        assertEquals(3, batch.get(3).rowsAffected().get("login_history"), "counted per subject within the batch");
        assertEquals(2, batch.get(3).retained().get(1).rows());
        assertEquals(0, count(third, "join login_history t on t.account_id = a.id"));
        assertEquals(1, count(bystander, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(subject))),
                query("select email from accounts where subject_id = ?", subject), "hashed once");
        assertEquals(List.of(AccountRows.hmac(AccountRows.email(other))),
                query("select email from accounts where subject_id = ?", other));
    }

    @Test
    void subjectIdsThatLookLikeSqlAreOnlyValues() throws Exception {
        String bystander = AccountRows.newSubjectId();
        AccountRows.insertSubject(bystander);
        String quoteTrick = "x' or '1'='1";
        String dropTrick = "'; drop table accounts; --" + UUID.randomUUID();
        String identifierTrick = "a\" or 1=1 -- " + UUID.randomUUID();
        AccountRows.insertSubject(dropTrick);
        AccountRows.insertSubject(identifierTrick);

        ErasureEvidence nobody = datastores.erase(STORE, order(), quoteTrick);
        assertEquals(Set.of(0), Set.copyOf(nobody.rowsAffected().values()));

        for (String subject : List.of(dropTrick, identifierTrick)) {
            ErasureEvidence evidence = datastores.erase(STORE, order(), subject);
            assertEquals(1, evidence.rowsAffected().get("profiles"));
            assertEquals(1, evidence.rowsAffected().get("accounts"));
            assertEquals(0, count(subject, "join profiles t on t.account_id = a.id"));
        }
        assertEquals(1, count(bystander, "join profiles t on t.account_id = a.id"));
        assertEquals(List.of(AccountRows.email(bystander)), query("select email from accounts where subject_id = ?", bystander));
        assertTrue(datastores.export(STORE, quoteTrick).values().stream().allMatch(List::isEmpty));
    }

    @Test
    void anUnknownDatastoreIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> datastores.erase("crm", order(), "user-1"));
        assertThat(e.getMessage(), containsString("No datastore crm"));
    }

    private static String order() {
        return "ord-" + UUID.randomUUID();
    }
}
