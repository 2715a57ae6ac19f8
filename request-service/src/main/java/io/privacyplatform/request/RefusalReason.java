package io.privacyplatform.request;

/** Why the confirmation gate refused a confirmation ({@code service.ConfirmationGate}); a metric label too. */
public enum RefusalReason {
    /** The system named is not in the registry (policy module, {@code systems.yaml}). */
    UNREGISTERED_SYSTEM,
    /** The system named differs from the one the channel is bound to (its own topic's suffix, the HTTP path). */
    SYSTEM_MISMATCH,
    /**
     * The system does not confirm on this channel: a custom system on a shared topic, or a system answered for by a
     * platform service on a custom system's topic or over HTTP.
     */
    WRONG_CHANNEL,
    /** The principal (CloudEvents source, OIDC client) is not the one the registry names in {@code confirmedBy}. */
    NOT_OWNER
}
