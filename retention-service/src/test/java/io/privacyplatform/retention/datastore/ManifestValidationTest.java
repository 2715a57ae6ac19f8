package io.privacyplatform.retention.datastore;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Manifests checked against the live catalog of the example account database: each problem names the file, the
 * line and what is wrong. Small manifests are the example one with one change.
 */
@QuarkusTest
@TestProfile(WithAccountDatabase.class)
class ManifestValidationTest {

    private static final String FILE = "test.yaml";

    @Test
    void theExampleManifestMatchesTheExampleDatabase() throws Exception {
        validate(example());
    }

    @Test
    void aMissingColumnIsNamedWithItsLine() throws Exception {
        String manifest = example().replace("      delivery_note: \"null\"", "      delivery_note: \"null\"\n      gift_message: \"null\"");
        assertProblem(manifest, "      gift_message:", "column orders.gift_message does not exist");
    }

    @Test
    void aPathThatDoesNotJoinAlongAForeignKeyIsRefused() throws Exception {
        String manifest = example().replace("    parent: orders\n    via: order_id", "    parent: accounts\n    via: order_id");
        assertProblem(manifest, "  order_lines:\n    parent: accounts",
                "path does not join: no foreign key from order_lines.order_id to accounts");
    }

    @Test
    void aColumnWithNoActionIsRefused() throws Exception {
        String manifest = example().replace("      personalization:\n        mask: \"[erased]\"\n", "");
        assertProblem(manifest, "  order_lines:\n    parent: orders\n    via: order_id\n    erase:",
                "column order_lines.personalization has no erasure action");
    }

    @Test
    void aRetainWithoutALegalBasisIsRefused() throws Exception {
        String manifest = example().replace("          legal-basis: \"French commercial code L123-22 (accounting records), with the subject's invoices\"\n", "");
        assertProblem(manifest, "        retain:\n          rule: accounting-ten-years",
                "accounts.subject_id: retain without a legal basis");
    }

    @Test
    void anUnknownTableIsRefused() throws Exception {
        String manifest = example().replace("  marketing_preferences:",
                "  newsletter_preferences:\n    parent: accounts\n    via: account_id\n    erase: delete-row\n\n  marketing_preferences:");
        assertProblem(manifest, "  newsletter_preferences:", "table newsletter_preferences does not exist in schema public");
    }

    @Test
    void aNotNullColumnCannotBeNulled() throws Exception {
        String manifest = example().replace("      status: keep", "      status: \"null\"");
        assertProblem(manifest, "      status: \"null\"", "support_tickets.status is NOT NULL");
    }

    @Test
    void aTableLeftOutOfTheManifestThatPointsAtADeclaredOneIsRefused() throws Exception {
        int start = example().indexOf("  login_history:");
        int end = example().indexOf("  support_tickets:");
        String manifest = example().substring(0, start) + example().substring(end);
        assertProblem(manifest, "tables:", "table login_history references accounts (account_id) but is not declared in this manifest");
    }

    @Test
    void deletingAParentWhoseChildKeepsItsRowsIsRefused() throws Exception {
        int start = example().indexOf("  orders:\n");
        int end = example().indexOf("    export: [placed_at");
        String manifest = example().substring(0, start) + "  orders:\n    parent: accounts\n    via: account_id\n    erase: delete-row\n"
                + example().substring(end);
        assertProblem(manifest, "    via: order_id\n    erase:",
                "table orders is delete-row, so its child order_lines must be delete-row too");
    }

    @Test
    void aPurposeThatIsNotThePolicysIsRefused() throws Exception {
        String manifest = example().replace("    purposes: [customer-inquiries]", "    purposes: [customer-enquiries]");
        assertProblem(manifest, "    purposes: [customer-enquiries]",
                "table support_tickets: unknown purpose 'customer-enquiries' (policy/retention-policy.yaml has: account-registration,");
    }

    @Test
    void aRetainedColumnNamesARuleOfThePolicy() throws Exception {
        String manifest = example().replace("          rule: accounting-ten-years\n          then: hash\n      amount_cents",
                "          rule: accounting-10-years\n          then: hash\n      amount_cents");
        assertProblem(manifest, "      invoice_number:", "orders.invoice_number: unknown rule 'accounting-10-years'");
    }

    @Test
    void aThenActionMustFitTheColumn() throws Exception {
        String nulled = example().replace("          then: hash\n      amount_cents", "          then: \"null\"\n      amount_cents");
        assertProblem(nulled, "          then: \"null\"", "orders.invoice_number (then:) is NOT NULL: it cannot be nulled");

        String deleted = example().replace("          then: hash\n      amount_cents", "          then: delete-row\n      amount_cents");
        assertProblem(deleted, "          then: delete-row", "orders.invoice_number: then: delete-row, but order_lines points at orders");

        String unknown = example().replace("          then: hash\n      amount_cents", "          then: shred\n      amount_cents");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(FILE, unknown));
        assertThat(e.getMessage(), containsString(FILE + ":" + lineOf(unknown, "          then: shred")
                + ": orders.invoice_number: then: is what the column becomes when its rule has ended"));
    }

    @Test
    void aChildOfATableWhoseRowsGoServesTheSamePurposes() throws Exception {
        int start = example().indexOf("  orders:\n");
        int end = example().indexOf("  login_history:");
        String manifest = example().substring(0, start)
                + "  orders:\n    parent: accounts\n    via: account_id\n    erase: delete-row\n\n"
                + "  order_lines:\n    parent: orders\n    via: order_id\n    purposes: [billing]\n    erase: delete-row\n\n"
                + example().substring(end);
        assertProblem(manifest, "    purposes: [billing]", "table order_lines serves other purposes than orders, whose rows an erasure deletes");
    }

    @Test
    void aMisspeltKeyIsRefusedByTheReader() {
        String manifest = example().replace("    subject-column: subject_id", "    subject-colum: subject_id");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestReader.read(FILE, manifest));
        assertThat(e.getMessage(), containsString(FILE + ":" + lineOf(manifest, "    subject-colum:") + ": unknown key 'subject-colum'"));
    }

    @Test
    void theServiceRefusesToStartWithABadManifestNamingTheFileAndLine() throws Exception {
        String manifest = example().replace("      delivery_note: \"null\"", "      delivery_notes: \"null\"");
        Path file = Files.createTempFile("account-database", ".yaml");
        Files.writeString(file, manifest);
        var config = ConfigProvider.getConfig();
        String prefix = "retention.datastores." + AccountDatabaseResource.NAME + ".";
        DatastoresConfig.Datastore datastore = new DatastoresConfig.Datastore() {
            public String jdbcUrl() {
                return config.getValue(prefix + "jdbc-url", String.class);
            }

            public Optional<String> username() {
                return config.getOptionalValue(prefix + "username", String.class);
            }

            public Optional<String> password() {
                return config.getOptionalValue(prefix + "password", String.class);
            }

            public Optional<String> manifest() {
                return Optional.of(file.toString());
            }

            public Optional<String> hashKey() {
                return Optional.of(AccountDatabaseResource.HASH_KEY);
            }

            public int maxConnections() {
                return 1;
            }
        };
        DatastoresConfig datastores = () -> Map.of(AccountDatabaseResource.NAME, datastore);

        ManifestException e = assertThrows(ManifestException.class, () -> new Datastores(datastores));

        int line = lineOf(manifest, "      delivery_notes:");
        assertThat(e.getMessage(), containsString(file + ":" + line + ": column orders.delivery_notes does not exist"));
        assertThat(e.getMessage(), containsString("column orders.delivery_note has no erasure action"));
    }

    private static void assertProblem(String manifest, String at, String message) throws Exception {
        ManifestException e = assertThrows(ManifestException.class, () -> validate(manifest));
        String expected = FILE + ":" + lineOf(manifest, at) + ": " + message;
        assertThat(e.getMessage(), containsString(expected));
        assertEquals(1, e.problems().size(), () -> "exactly one problem expected: " + e.getMessage());
    }

    private static void validate(String manifest) throws Exception {
        try (Connection connection = AccountRows.connect()) {
            ManifestValidator.validate(ManifestReader.read(FILE, manifest), Catalog.read(connection, "public"));
        }
    }

    /** The 1-based line of the last line of {@code snippet} (a multi-line snippet gives its context). */
    private static int lineOf(String text, String snippet) {
        int at = text.indexOf(snippet);
        if (at < 0) {
            throw new IllegalArgumentException("not in the manifest: " + snippet);
        }
        String upToEnd = text.substring(0, at + snippet.length());
        return (int) upToEnd.chars().filter(c -> c == '\n').count() + 1;
    }

    static String example() {
        try (InputStream in = ManifestValidationTest.class.getClassLoader().getResourceAsStream("datastores/account-database.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
