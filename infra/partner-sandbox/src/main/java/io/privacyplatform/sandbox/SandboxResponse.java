package io.privacyplatform.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A simulator's answer; {@link #connectionReset} answers with no HTTP response at all. */
final class SandboxResponse {

    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    final String body;
    final boolean connectionReset;

    private SandboxResponse(int status, String body, boolean connectionReset) {
        this.status = status;
        this.body = body;
        this.connectionReset = connectionReset;
    }

    static SandboxResponse json(int status, Object body) {
        return new SandboxResponse(status, Jsons.write(body), false).header("Content-Type", "application/json");
    }

    static SandboxResponse empty(int status) {
        return new SandboxResponse(status, "", false);
    }

    static SandboxResponse connectionReset() {
        return new SandboxResponse(0, "", true);
    }

    SandboxResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** Adds the header unless one with that name (case-insensitive) is already set. */
    SandboxResponse defaultHeader(String name, String value) {
        for (String existing : headers.keySet()) {
            if (existing.equalsIgnoreCase(name)) {
                return this;
            }
        }
        return header(name, value);
    }

    SandboxResponse copy() {
        SandboxResponse copy = new SandboxResponse(status, body, connectionReset);
        copy.headers.putAll(headers);
        return copy;
    }
}
