package io.privacyplatform.request;

/** The mails the person receives, one per step the law or the person expects (issue 14). */
public enum NotificationKind {
    /** The request was filed (or its email filing verified): acknowledgement with the due date. */
    RECEIVED,
    /** The deadline was extended: the new date and the officer's reason (GDPR Art. 12(3)). */
    EXTENDED,
    /** Refused: the legal ground and its article, the officer's text, the CNIL and a judicial remedy (Art. 12(4)). */
    REJECTED,
    /** Completed or partially completed: a summary of what was done where, what is kept and why. */
    COMPLETED,
    /** The access or portability export is ready: how to download it through the link. */
    EXPORT_READY,
    /** The restriction of processing is lifted (GDPR Art. 18(3)). */
    RESTRICTION_LIFT
}
