package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The platform's account database (examples/account-database, a company datastore of retention-service) read and
 * written directly with JDBC: an account for a test's subject, shaped like the seed data, and what an erasure left.
 */
final class AccountDatabase {

    private static final LocalPlatform.Datastore DATASTORE = LocalPlatform.Datastore.ACCOUNT_DATABASE;

    private final LocalPlatform platform;

    AccountDatabase(LocalPlatform platform) {
        this.platform = platform;
    }

    /** The tables of the manifest that hold something of a subject (all but accounts reach it through a foreign key). */
    static final List<String> TABLES = List.of("accounts", "profiles", "postal_addresses", "orders", "order_lines",
            "login_history", "support_tickets", "marketing_preferences");

    /**
     * An account for {@code subjectId} with a profile, a postal address, two orders of one line each (an engraved
     * name), a login, a support ticket and marketing preferences: every kind of row the manifest names.
     */
    void insertAccount(String subjectId, String email, String firstName, String lastName, String phone) throws SQLException {
        try (Connection c = connect()) {
            long account = ((Number) one(c, "insert into accounts (subject_id, email) values (?, ?) returning id", subjectId, email)).longValue();
            update(c, "insert into profiles (account_id, first_name, last_name, phone, birth_date) values (?, ?, ?, ?, date '1990-04-01')",
                    account, firstName, lastName, phone);
            update(c, "insert into postal_addresses (account_id, label, line1, postal_code, city, country) values (?, 'home', '1 rue Haute', '69001', 'Lyon', 'FR')",
                    account);
            for (int n = 1; n <= 2; n++) {
                long order = ((Number) one(c, "insert into orders (account_id, placed_at, invoice_number, amount_cents, currency, billing_name, billing_address, delivery_note)"
                                + " values (?, now(), ?, 4200, 'EUR', ?, '1 rue Haute, 69001 Lyon', 'Leave with the concierge') returning id",
                        account, "INV-" + UUID.randomUUID(), firstName + " " + lastName)).longValue();
                update(c, "insert into order_lines (order_id, product, quantity, unit_price_cents, personalization) values (?, 'Notebook', 1, 4200, ?)",
                        order, "For " + firstName);
            }
            update(c, "insert into login_history (account_id, logged_in_at, ip_address, user_agent) values (?, now(), '198.51.100.7', 'Mozilla/5.0')", account);
            update(c, "insert into support_tickets (account_id, opened_at, status, subject, body) values (?, now(), 'closed', 'Delivery question', ?)",
                    account, "Hello, this is " + firstName + ", call me at " + phone);
            update(c, "insert into marketing_preferences (account_id, newsletter, sms, updated_at) values (?, true, false, now())", account);
        }
    }

    /** The subject's rows of {@code table} (one of {@link #TABLES}). */
    long rows(String subjectId, String table) throws SQLException {
        return ((Number) values("select count(*) from accounts a " + fromAccount(table) + " where a.subject_id = ?", subjectId)
                .get(0)).longValue();
    }

    /** One column of the subject's rows of {@code table} (one with an {@code id}), in insertion order. */
    List<Object> column(String subjectId, String table, String column) throws SQLException {
        String alias = table.equals("accounts") ? "a" : "t";
        return values("select " + alias + "." + column + " from accounts a " + fromAccount(table)
                + " where a.subject_id = ? order by " + alias + ".id", subjectId);
    }

    /** How {@code table} (alias t) reaches the account (alias a), as the manifest's foreign-key paths say. */
    private static String fromAccount(String table) {
        return switch (table) {
            case "accounts" -> "";
            case "order_lines" -> "join orders o on o.account_id = a.id join order_lines t on t.order_id = o.id";
            default -> "join " + table + " t on t.account_id = a.id";
        };
    }

    /** The hex HMAC-SHA256 of a value under the key retention-service got for this datastore (the manifest's {@code hash}). */
    String keyedHash(String value) throws GeneralSecurityException {
        String key = platform.datastoreConfig(DATASTORE).get("retention.datastores." + DATASTORE.name() + ".hash-key");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(key), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(platform.postgres().jdbcUrl(DATASTORE.database()),
                platform.postgres().username(), platform.postgres().password());
    }

    private List<Object> values(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<Object> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1));
            }
            return values;
        }
    }

    private static Object one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            s.setObject(i + 1, params[i]);
        }
        return s;
    }
}
