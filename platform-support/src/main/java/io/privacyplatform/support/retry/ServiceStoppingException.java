package io.privacyplatform.support.retry;

/**
 * Work given up because the service is stopping: neither done nor refused. A consumer's record failing with it stays
 * unacknowledged (the platform's failure strategy, {@link io.privacyplatform.support.inbox.PlatformFailureStrategy},
 * neither dead-letters nor acknowledges it) and is redelivered to the next instance.
 */
public class ServiceStoppingException extends RuntimeException {

    public ServiceStoppingException(String what, Throwable lastFailure) {
        super(what + " given up: the service is stopping", lastFailure, false, false);
    }

    /** True when the failure, or one of its causes, is a give-up at shutdown. */
    public static boolean among(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceStoppingException) {
                return true;
            }
        }
        return false;
    }
}
