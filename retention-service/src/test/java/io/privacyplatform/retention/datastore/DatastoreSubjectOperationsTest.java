package io.privacyplatform.retention.datastore;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.privacyplatform.retention.datastore.AccountRows.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The read side (export slice, contact lookup) and the updates (rectification, restriction) of the example datastore. */
@QuarkusTest
@TestProfile(WithAccountDatabase.class)
class DatastoreSubjectOperationsTest {

    private static final String STORE = AccountDatabaseResource.NAME;

    private final Datastores datastores;

    DatastoreSubjectOperationsTest(Datastores datastores) {
        this.datastores = datastores;
    }

    @Test
    void theExportSliceHoldsTheManifestsExportColumnsOfTheSubjectOnly() throws Exception {
        String subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
        AccountRows.insertSubject(AccountRows.newSubjectId());

        Map<String, List<Map<String, Object>>> slice = datastores.export(STORE, subject);

        assertEquals(List.of("accounts", "profiles", "postal_addresses", "orders", "order_lines", "login_history",
                "support_tickets", "marketing_preferences"), List.copyOf(slice.keySet()));
        assertEquals(List.of(Map.of("first_name", "Jeanne", "last_name", "Moreau", "phone", "+33 6 00 00 00 01",
                "birth_date", "1990-04-01")), slice.get("profiles"));
        assertEquals(List.of("subject_id", "email", "created_at"), List.copyOf(slice.get("accounts").get(0).keySet()));
        assertEquals(AccountRows.email(subject), slice.get("accounts").get(0).get("email"));
        assertEquals(2, slice.get("orders").size());
        assertEquals("Jeanne Moreau", slice.get("orders").get(0).get("billing_name"));
        assertEquals(4200L, slice.get("orders").get(0).get("amount_cents"));
        assertEquals(4, slice.get("order_lines").size(), "three tables deep");
        assertEquals("198.51.100.7", slice.get("login_history").get(0).get("ip_address"));
        assertEquals("I am Jeanne, call me at home", slice.get("support_tickets").get(0).get("body"));
    }

    @Test
    void theContactLookupGivesTheSubjectsEmail() throws Exception {
        String subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);

        assertEquals(Optional.of(AccountRows.email(subject)), datastores.contactEmail(STORE, subject));
        assertEquals(Optional.empty(), datastores.contactEmail(STORE, AccountRows.newSubjectId()));
    }

    @Test
    void anErasedSubjectHasNoContactAlthoughItsAccountRowIsKeptWithItsInvoices() throws Exception {
        String subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);

        datastores.erase(STORE, java.util.UUID.randomUUID().toString(), subject);

        assertEquals(List.of(1L), query("select count(*) from accounts where subject_id = ?", subject),
                "the account row stays with the retained invoices");
        assertEquals(Optional.empty(), datastores.contactEmail(STORE, subject), "the hashed email is no contact");
    }

    @Test
    void rectificationUpdatesTheNamedColumns() throws Exception {
        String subject = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
        Map<PersonalField, String> values = new EnumMap<>(PersonalField.class);
        values.put(PersonalField.LAST_NAME, "Moreau-Blanc");
        values.put(PersonalField.EMAIL, "jeanne.mb@example.org");
        values.put(PersonalField.PHONE, "+33 7 00 00 00 02");

        Map<PersonalField, Integer> updated = datastores.rectify(STORE, subject, values);

        assertEquals(Map.of(PersonalField.LAST_NAME, 1, PersonalField.EMAIL, 1, PersonalField.PHONE, 1), updated);
        assertEquals(List.of("Jeanne|Moreau-Blanc|+33 7 00 00 00 02|jeanne.mb@example.org"),
                query("select p.first_name || '|' || p.last_name || '|' || p.phone || '|' || a.email"
                        + " from accounts a join profiles p on p.account_id = a.id where a.subject_id = ?", subject));
        assertEquals(Map.of(), datastores.rectify(STORE, AccountRows.newSubjectId(), Map.of()));
    }

    @Test
    void restrictionMarksTheSubjectAndCanBeLifted() throws Exception {
        String subject = AccountRows.newSubjectId();
        String bystander = AccountRows.newSubjectId();
        AccountRows.insertSubject(subject);
        AccountRows.insertSubject(bystander);
        String restricted = "select processing_restricted from accounts where subject_id = ?";

        assertEquals(1, datastores.restrict(STORE, subject));
        assertEquals(List.of(true), query(restricted, subject));
        assertEquals(List.of(false), query(restricted, bystander));

        assertEquals(1, datastores.liftRestriction(STORE, subject));
        assertEquals(List.of(false), query(restricted, subject));
        assertEquals(0, datastores.restrict(STORE, AccountRows.newSubjectId()));
    }

    @Test
    void restrictionByATableAddsOneRowPerSubject() throws Exception {
        AccountRows.execute("create table if not exists processing_restrictions (subject_id text primary key)");
        String manifest = ManifestValidationTest.example().replace("restriction:\n  column: accounts.processing_restricted",
                "restriction:\n  table: processing_restrictions\n  subject-column: subject_id");
        String subject = AccountRows.newSubjectId();
        var config = ConfigProvider.getConfig();
        String prefix = "retention.datastores." + STORE + ".";
        try (AgroalDataSource pool = Datastores.pool(config.getValue(prefix + "jdbc-url", String.class),
                config.getOptionalValue(prefix + "username", String.class), config.getOptionalValue(prefix + "password", String.class), 1)) {
            DatastoreConnector connector = DatastoreConnector.open(ManifestReader.read("table-restriction.yaml", manifest), pool,
                    Optional.of(Base64.getDecoder().decode(AccountDatabaseResource.HASH_KEY)));

            assertEquals(1, connector.restrict(subject));
            assertEquals(0, connector.restrict(subject), "already restricted");
            assertEquals(List.of(1L), query("select count(*) from processing_restrictions where subject_id = ?", subject));
            assertEquals(1, connector.liftRestriction(subject));
            assertEquals(List.of(0L), query("select count(*) from processing_restrictions where subject_id = ?", subject));
        }
    }
}
