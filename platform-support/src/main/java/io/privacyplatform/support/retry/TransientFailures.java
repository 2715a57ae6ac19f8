package io.privacyplatform.support.retry;

import io.privacyplatform.support.client.ServiceCallException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Which failures are worth waiting out: what is reached is down or busy (the database, a peer service), not the event
 * or the code. The same event applied again later succeeds. Anything else (a value the database refuses, a bug) fails
 * the same way every time, and is dead-lettered rather than retried for ever.
 */
public final class TransientFailures {

    /**
     * SQL state classes of a database that is unreachable, restarting, overloaded or asked the transaction to try
     * again: 08 connection exception, 40 transaction rollback (serialization failure, deadlock), 53 insufficient
     * resources, 57 operator intervention (admin shutdown, crash shutdown, cannot connect now), 58 system error.
     */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** 55P03 lock not available (lock_timeout). */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("55P03");

    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return isTransient(sql);
            }
            if (t instanceof ServiceCallException call) {
                return switch (call.kind()) {
                    case NO_ANSWER, SERVER_ERROR, UNAUTHORIZED -> true;
                    default -> false;
                };
            }
            if (t instanceof IOException || t instanceof LockTimeoutException || t instanceof PessimisticLockException
                    || t instanceof QueryTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException sql) {
        if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
            return true;
        }
        String state = sql.getSQLState();
        // No state: the pool's acquisition timeout, a closed connection. The driver states every server-side error.
        if (state == null || state.length() < 2) {
            return true;
        }
        return TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_SQL_STATES.contains(state);
    }

    private TransientFailures() {
    }
}
