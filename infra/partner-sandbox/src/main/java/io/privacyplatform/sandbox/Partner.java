package io.privacyplatform.sandbox;

import java.util.Locale;

/** The partners the sandbox simulates. Each one runs on its own HTTP server. */
public enum Partner {
    STRIPE,
    HUBSPOT,
    OPENAI;

    /** Lower-case name used in logs and in the admin API ("stripe", "hubspot", "openai"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
