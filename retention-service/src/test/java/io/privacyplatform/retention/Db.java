package io.privacyplatform.retention;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads the service's database directly, to check what REST does not show (outbox rows, ciphertexts). */
final class Db {

    private Db() {
    }

    static long count(DataSource dataSource, String sql, Object... params) {
        return ((Number) one(dataSource, sql, params)).longValue();
    }

    static Object one(DataSource dataSource, String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** erasure-ordered events in the outbox for one subject. */
    static long ordersInOutbox(DataSource dataSource, String subjectId) {
        return count(dataSource, "select count(*) from platform_outbox where topic = 'erasure-ordered' and record_key = ?",
                subjectId);
    }
}
