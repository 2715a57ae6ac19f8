package io.privacyplatform.retention.datastore;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One generated statement and what to bind to its parameters, in order: the subject id, the caller's value, or a
 * constant of the manifest (a mask, an HMAC pad). Nothing a caller passes is ever part of the text.
 */
record Sql(String text, List<Object> params) {

    enum Param { SUBJECT, VALUE }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** @param subject a subject id, or a {@code java.sql.Array} of them for {@code = any(?)} */
    PreparedStatement prepare(java.sql.Connection connection, Object subject, Object value) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(text);
        try {
            for (int i = 0; i < params.size(); i++) {
                Object param = params.get(i);
                if (param == Param.SUBJECT) {
                    statement.setObject(i + 1, subject);
                } else if (param == Param.VALUE) {
                    statement.setObject(i + 1, value);
                } else if (param instanceof byte[] bytes) {
                    statement.setBytes(i + 1, bytes);
                } else {
                    statement.setObject(i + 1, param);
                }
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
