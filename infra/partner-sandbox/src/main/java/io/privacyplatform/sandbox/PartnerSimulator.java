package io.privacyplatform.sandbox;

import java.util.Map;
import java.util.Set;

/**
 * The in-memory model of one partner's API. Implementations are thread-safe (their public methods synchronize on
 * the simulator) because the HTTP server answers requests concurrently.
 */
abstract class PartnerSimulator {

    abstract Partner partner();

    /** Answers one API request, including the authentication check. */
    abstract SandboxResponse handle(SandboxRequest request);

    /** The failures this partner can answer with. */
    abstract Set<Failure> supportedFailures();

    /** The partner's answer for an injected failure. */
    abstract SandboxResponse failure(Failure failure, SandboxRequest request);

    /** Forgets all objects, idempotency keys and counters. */
    abstract void reset();

    /** Adds objects from a JSON seed description (see the admin API in README.md). */
    abstract void seed(Map<String, Object> spec);

    /** A JSON-friendly snapshot of the state, for inspection (admin API {@code GET /__admin/sandbox/state}). */
    abstract Map<String, Object> state();

    static String requiredString(Map<String, Object> spec, String key) {
        Object value = spec.get(key);
        if (!(value instanceof String) || ((String) value).isBlank()) {
            throw new IllegalArgumentException("\"" + key + "\" (non-blank string) is required");
        }
        return (String) value;
    }

    static String optionalString(Map<String, Object> spec, String key) {
        Object value = spec.get(key);
        return value == null ? null : String.valueOf(value);
    }
}
