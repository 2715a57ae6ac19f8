package io.privacyplatform.partnersync;

/**
 * What partner-sync can do with one kind of partner object. Each task kind is a capability (a task of a kind runs only
 * on objects whose type declares it); {@link #EXPORT_READ} is the live read of an access export, which is no task.
 * Declared per object type in {@link PartnerObjectType}, the one place that says which system supports what.
 */
public enum Capability {
    /** Erase the object and read it back ({@link TaskKind#ERASE}). */
    ERASE,
    /** Write corrected contact fields and read them back ({@link TaskKind#RECTIFY}). */
    RECTIFY,
    /** Unsubscribe the object's email address from all email ({@link TaskKind#UNSUBSCRIBE}). */
    UNSUBSCRIBE,
    /** Objects of this type can be found by the subject's email ({@link TaskKind#LOOKUP}). */
    LOOKUP,
    /**
     * Redact the object's personal data in place, the partner keeping the object itself ({@link TaskKind#REDACT}):
     * for records a partner must keep (accounting) until their retention ends.
     */
    REDACT,
    /** The object's personal data can be read live for an access export (GDPR Art. 15). */
    EXPORT_READ;

    /** The capability a task of this kind needs. */
    public static Capability of(TaskKind kind) {
        return switch (kind) {
            case ERASE -> ERASE;
            case RECTIFY -> RECTIFY;
            case UNSUBSCRIBE -> UNSUBSCRIBE;
            case LOOKUP -> LOOKUP;
            case REDACT -> REDACT;
        };
    }
}
