package io.privacyplatform.request;

/** What an audit entry records. */
public enum AuditKind {
    FILED,
    APPROVED,
    /** One system reported on an erasure order. */
    CONFIRMED,
    COMPLETED,
    PARTIALLY_COMPLETED,
    REJECTED,
    WITHDRAWN,
    /** The deadline was extended (GDPR Art. 12(3)). */
    EXTENDED,
    /** An expected system stayed silent past the alert time: the request needs the officer. */
    ATTENTION,
    RESTRICTION_LIFTED,
    /** A platform service read the decrypted values to apply a rectification (who read which subject's data, policy §10). */
    VALUES_READ,
    /** The access or portability export was assembled from every service's slice. */
    EXPORT_READY,
    /** A download link of the export was issued. */
    EXPORT_LINK_ISSUED,
    /** The export was downloaded (who, which format). */
    EXPORT_DOWNLOADED,
    /** A confirmation of one of the request's orders was refused: unregistered system or a principal not its owner. */
    CONFIRMATION_REFUSED,
    /** A link to the request's status page was issued to the person (in a mail); the note gives its id and expiry. */
    PERSON_LINK_ISSUED,
    /** The person opened the status page or downloaded the export through a link (which link, what). */
    PERSON_LINK_USED,
    /** The request's person links were revoked (by whom). */
    PERSON_LINKS_REVOKED,
    /** A mail to the person was sent (the note gives its kind and notification id, never the address). */
    NOTICE_SENT,
    /** No address is known for the person: the mail of that kind cannot be sent (the in-app notices remain). */
    NOTICE_NO_ADDRESS,
    /** The officer decided to lift a restriction; the person is told first (GDPR Art. 18(3)), the lift order follows. */
    RESTRICTION_LIFT_ANNOUNCED,
    /** Four eyes: the first of the two officers' approvals a decision that cannot be undone needs; the status stays FILED. */
    FIRST_APPROVAL
}
