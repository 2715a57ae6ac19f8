package io.privacyplatform.retention.datastore;

import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
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

/** Writes and reads the test account database directly: a fresh subject per test, and what the connector left. */
final class AccountRows {

    private AccountRows() {
    }

    static Connection connect() throws SQLException {
        var config = ConfigProvider.getConfig();
        String prefix = "retention.datastores." + AccountDatabaseResource.NAME + ".";
        return DriverManager.getConnection(config.getValue(prefix + "jdbc-url", String.class),
                config.getValue(prefix + "username", String.class), config.getValue(prefix + "password", String.class));
    }

    static String newSubjectId() {
        return "user-" + UUID.randomUUID();
    }

    /**
     * A subject with a profile, 2 postal addresses, 2 orders of 2 lines each, 2 logins, 1 support ticket and
     * marketing preferences; its email is {@code <subjectId>@example.org}.
     */
    static void insertSubject(String subjectId) throws SQLException {
        try (Connection c = connect()) {
            long account = (Long) one(c, "insert into accounts (subject_id, email) values (?, ?) returning id",
                    subjectId, email(subjectId));
            update(c, "insert into profiles (account_id, first_name, last_name, phone, birth_date) values (?, 'Jeanne', 'Moreau', '+33 6 00 00 00 01', date '1990-04-01')", account);
            for (int i = 1; i <= 2; i++) {
                update(c, "insert into postal_addresses (account_id, label, line1, postal_code, city, country) values (?, ?, '1 rue Haute', '69001', 'Lyon', 'FR')",
                        account, "address-" + i);
                long order = (Long) one(c, "insert into orders (account_id, placed_at, invoice_number, amount_cents, currency, billing_name, billing_address, delivery_note)"
                        + " values (?, now(), ?, 4200, 'EUR', 'Jeanne Moreau', '1 rue Haute, 69001 Lyon', 'ring twice') returning id",
                        account, "INV-" + UUID.randomUUID());
                for (int line = 1; line <= 2; line++) {
                    update(c, "insert into order_lines (order_id, product, quantity, unit_price_cents, personalization) values (?, 'Mug', 1, 2100, 'For Jeanne')", order);
                }
                update(c, "insert into login_history (account_id, logged_in_at, ip_address, user_agent) values (?, now(), '198.51.100.7', 'curl')", account);
            }
            update(c, "insert into support_tickets (account_id, opened_at, status, subject, body) values (?, now(), 'open', 'My parcel', 'I am Jeanne, call me at home')", account);
            update(c, "insert into marketing_preferences (account_id, newsletter, sms, updated_at) values (?, true, false, now())", account);
        }
    }

    static String email(String subjectId) {
        return subjectId.replaceAll("[^A-Za-z0-9-]", "_") + "@example.org";
    }

    /** The hex HMAC-SHA256 of the value under the test datastore's key, computed the usual way (javax.crypto). */
    static String hmac(String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(AccountDatabaseResource.HASH_KEY), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    /** The subject's rows of a table reached from accounts by {@code join} (e.g. {@code join profiles t on t.account_id = a.id}). */
    static long count(String subjectId, String join) throws SQLException {
        return ((Number) query("select count(*) from accounts a " + join + " where a.subject_id = ?", subjectId).get(0)).longValue();
    }

    /** The first column of every row. */
    static List<Object> query(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            List<Object> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getObject(1));
            }
            return values;
        }
    }

    static int execute(String sql, Object... params) throws SQLException {
        try (Connection c = connect()) {
            return update(c, sql, params);
        }
    }

    private static Object one(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getObject(1);
        }
    }

    private static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
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
