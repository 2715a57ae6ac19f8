package io.privacyplatform.partnersync;

/** What a partner task does. */
public enum TaskKind {
    /** Erase one partner object for one erasure order (and read it back). */
    ERASE,
    /** Unsubscribe one HubSpot contact from all email (consent withdrawn, objection, restriction). */
    UNSUBSCRIBE,
    /** Apply one rectification order to one Stripe customer or HubSpot contact (values fetched at run time). */
    RECTIFY,
    /**
     * Erasure with no processor record at Stripe or HubSpot, when {@code partner-sync.email-lookup.enabled}: search the
     * partner by the subject's email (read from the owning service at run time); found objects become ERASE tasks.
     */
    LOOKUP,
    /**
     * Redact one billing object a partner kept as an accounting record after its customer's erasure (Stripe invoice,
     * charge, payment intent), once the retention rule that kept it has ended: a scoped erasure of its purpose.
     */
    REDACT
}
