package io.privacyplatform.testkit.soak;

/**
 * Told before a process of the platform stops and after its successor started, e.g. to read its CPU time while it is
 * still alive (a benchmark adds up the CPU of every process a part had over the run).
 */
public interface SoakListener {

    /** {@code part} is a service name or {@code "Kafka"}. */
    default void stopping(String part) {
    }

    default void started(String part) {
    }

    SoakListener NONE = new SoakListener() {
    };
}
