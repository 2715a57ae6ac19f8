package io.privacyplatform.consent;

/**
 * Why a ledger entry was recorded when the subject did not ask for it ({@code reason} in the API and in
 * {@code consent-changed}); absent for the subject's own choices.
 */
public enum ConsentReason {
    /** The inactivity period of policy §4, 4th criterion, ended ({@code consent-lapsed} from retention-service). */
    LAPSED
}
