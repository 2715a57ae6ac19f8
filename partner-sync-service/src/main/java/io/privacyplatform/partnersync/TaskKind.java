package io.privacyplatform.partnersync;

/**
 * What a partner task does. RECTIFY is reserved (the database accepts it) for rectification orders.
 */
public enum TaskKind {
    /** Erase one partner object for one erasure order (and read it back). */
    ERASE,
    /** Unsubscribe one HubSpot contact from all email (consent withdrawn, objection, restriction). */
    UNSUBSCRIBE
}
