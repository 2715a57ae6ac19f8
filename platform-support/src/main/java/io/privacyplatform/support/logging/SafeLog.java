package io.privacyplatform.support.logging;

import java.util.StringJoiner;

/**
 * Describes a failure for the logs without its messages. Messages of third-party exceptions can quote
 * the data they choke on (a SQL constraint echoes the duplicate value, a JSON parser the offending
 * token), and that data may be personal: logs must stay free of it.
 */
public final class SafeLog {

    private static final int FRAMES = 3;

    public static String describe(Throwable failure) {
        StringJoiner chain = new StringJoiner(" <- ");
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            StringBuilder entry = new StringBuilder(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                entry.append(i == 0 ? " at " : ", ").append(frames[i]);
            }
            chain.add(entry);
        }
        return chain.toString();
    }

    private SafeLog() {
    }
}
