package io.privacyplatform.request;

/** What a subject wants done with their data after their death (policy §13.1, French law no. 78-17 art. 85). */
public enum Directive {
    /** Erase everything: executed as an erasure order on proof of death. */
    ERASE_ALL,
    /** Keep the data (within the retention periods of policy §4). */
    KEEP,
    /** Communicate the data to the designated person. */
    TRANSMIT
}
