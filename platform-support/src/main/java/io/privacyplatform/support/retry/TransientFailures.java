package io.privacyplatform.support.retry;

import com.fasterxml.jackson.core.JacksonException;
import io.privacyplatform.support.client.ServiceCallException;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PessimisticLockException;
import jakarta.persistence.QueryTimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import javax.transaction.xa.XAException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Which failures are worth waiting out: what is reached is down or busy (the database, a peer service), not the event
 * or the code. The same event applied again later succeeds. Anything else (a value the database refuses, a bug, an
 * answer a peer will give again) fails the same way every time, and is dead-lettered rather than retried for ever.
 * <p>
 * The whole chain is read, causes and suppressed exceptions (a commit that failed on a lost connection carries the
 * driver's exception under the transaction manager's); the first failure that says what happened decides.
 */
public final class TransientFailures {

    /**
     * SQL state classes of a database that is unreachable, restarting, overloaded or asked the transaction to try
     * again: 08 connection exception, 40 transaction rollback (serialization failure, deadlock), 53 insufficient
     * resources, 57 operator intervention (admin shutdown, crash shutdown, cannot connect now), 58 system error.
     */
    private static final Set<String> TRANSIENT_SQL_CLASSES = Set.of("08", "40", "53", "57", "58");
    /** 55P03 lock not available (lock_timeout), 55006 object in use. */
    private static final Set<String> TRANSIENT_SQL_STATES = Set.of("55P03", "55006");
    /** 408 request timeout, 425 too early, 429 too many requests: the peer asks to come back later. */
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 425, 429);
    /** XA errors of a resource that went away during the commit (Agroal reports a lost connection this way). */
    private static final Set<Integer> TRANSIENT_XA_ERRORS = Set.of(XAException.XAER_RMFAIL, XAException.XA_RBCOMMFAIL,
            XAException.XA_RBTIMEOUT, XAException.XA_RETRY, XAException.XA_RBDEADLOCK, XAException.XA_RBTRANSIENT);

    public static boolean isTransient(Throwable failure) {
        Boolean verdict = verdict(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
        return verdict != null && verdict;
    }

    /** True or false for the first failure of the chain that tells, null when none does. */
    private static Boolean verdict(Throwable failure, Set<Throwable> seen) {
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            Boolean own = own(t);
            if (own != null) {
                return own;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Boolean inner = verdict(suppressed, seen);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static Boolean own(Throwable t) {
        if (t instanceof SQLException sql) {
            return isTransient(sql);
        }
        if (t instanceof ServiceCallException call) {
            return switch (call.kind()) {
                // A peer down or failing, or its caller's token refused (the issuer or a rotation): an operator's fix,
                // after which the same event goes through.
                case NO_ANSWER, SERVER_ERROR, UNAUTHORIZED -> true;
                case OTHER_STATUS -> TRANSIENT_STATUSES.contains(call.status());
                case NOT_FOUND, CONFLICT, UNPARSEABLE -> false;
            };
        }
        if (t instanceof XAException xa) {
            return TRANSIENT_XA_ERRORS.contains(xa.errorCode) ? Boolean.TRUE : null;
        }
        if (t instanceof JacksonException) {
            // An IOException by inheritance, but a value that does not (de)serialize fails the same way again.
            return false;
        }
        if (t instanceof IOException || t instanceof LockTimeoutException || t instanceof PessimisticLockException
                || t instanceof QueryTimeoutException || t instanceof TimeoutException
                || t instanceof CircuitBreakerOpenException || t instanceof BulkheadException) {
            return true;
        }
        return null;
    }

    private static boolean isTransient(SQLException sql) {
        if (sql instanceof SQLTransientException || sql instanceof SQLRecoverableException) {
            return true;
        }
        String state = sql.getSQLState();
        if (state == null || state.length() < 2) {
            // No state: the pool's acquisition timeout, a closed connection or pool. The driver states every
            // server-side error; a non-transient JDBC exception says so by its class.
            return !(sql instanceof SQLNonTransientException);
        }
        return TRANSIENT_SQL_CLASSES.contains(state.substring(0, 2)) || TRANSIENT_SQL_STATES.contains(state);
    }

    private TransientFailures() {
    }
}
