package io.privacyplatform.support.journal;

/**
 * What an access journal entry says was read in clear or decided on: a small closed list, so that the officer can
 * filter and the README can say which endpoint writes which.
 */
public enum DataCategory {
    /** A request's decrypted body (what was asked, the identity check, the heir's or designated person's identity). */
    REQUEST_DETAILS("request-details"),
    /** The values of an approved rectification, read by a system that applies them. */
    RECTIFICATION_VALUES("rectification-values"),
    /** An assembled access or portability export (every service's data about the subject), downloaded. */
    EXPORT_DOCUMENT("export-document"),
    /** A request's status as the person sees it through their signed link. */
    REQUEST_STATUS("request-status"),
    /** A subject's consent history (every grant and withdrawal, with notices and sources). */
    CONSENT_HISTORY("consent-history"),
    /** A subject's effective consent per purpose, read by a backend. */
    EFFECTIVE_CONSENT("effective-consent"),
    /** Connection logs with their decrypted IP addresses. */
    CONNECTION_LOGS_IP("connection-logs-ip"),
    /** retention-service's export of a subject (inventory and the datastores' values). */
    RETENTION_EXPORT("retention-export"),
    /** A subject's email addresses from the company datastores. */
    CONTACT("contact"),
    /** The legal holds on a subject. */
    LEGAL_HOLDS("legal-holds"),
    /** What the partners (Stripe, HubSpot, OpenAI) hold on a subject, read live from their APIs. */
    PARTNER_LIVE_DATA("partner-live-data"),
    /** A partner task (what it did at which partner for a subject). */
    PARTNER_TASK("partner-task"),
    /** A person's signed link to a request's status page. */
    PERSON_LINK("person-link"),
    /** This journal. */
    ACCESS_JOURNAL("access-journal"),
    /** A decision on a request, a hold or a task. */
    DECISION("decision");

    private final String code;

    DataCategory(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
