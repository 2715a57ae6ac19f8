package io.privacyplatform.testkit.soak;

import java.time.Duration;
import java.util.List;

/**
 * What a soak run does (issue 16, item 8): {@code erasures} erasure requests of the mix, filed and approved through
 * request-service at {@code filingRate} per second (0: as fast as {@code filers} clients go), while the faults of
 * {@link #faults()} strike, each when its share of the erasures has been filed.
 *
 * @param erasures      subjects, one erasure request each
 * @param stripeShare   share of subjects with a Stripe customer (the partner-sync benchmark's mix: 0.2)
 * @param hubspotShare  share of subjects with a HubSpot contact (0.04); every subject has an OpenAI response
 * @param failureRate   share of partner calls answered 429/500/503 during the failure window (0.3)
 * @param failureWindow how long the partners fail (2 min; shorter in the system test)
 * @param filers        concurrent frontend clients filing and approving
 * @param filingRate    erasures filed per second at most (0: unpaced)
 * @param timeout       how long to wait for every erasure to complete after the last fault
 */
public record SoakPlan(int erasures, double stripeShare, double hubspotShare, double failureRate, Duration failureWindow,
                       int filers, double filingRate, Duration timeout) {

    /** The faults, each at a share of the erasures filed: spread over the run, while work is in flight. */
    public List<Fault> faults() {
        return List.of(
                new Fault(Fault.Kind.PARTNER_FAILURES, "partners", 0.10),
                new Fault(Fault.Kind.BROKER_RESTART, "kafka", 0.25),
                new Fault(Fault.Kind.SIGKILL, "partner-sync-service", 0.40),
                new Fault(Fault.Kind.SIGKILL, "consent-service", 0.55),
                new Fault(Fault.Kind.SIGKILL, "retention-service", 0.70),
                new Fault(Fault.Kind.SIGKILL, "request-service", 0.85));
    }

    /** One fault of the schedule: what, on which part, and when (share of the erasures filed). */
    public record Fault(Kind kind, String target, double atFiledShare) {

        public enum Kind { PARTNER_FAILURES, BROKER_RESTART, SIGKILL }

        public String describe(SoakPlan plan) {
            return switch (kind) {
                case PARTNER_FAILURES -> String.format(java.util.Locale.ROOT,
                        "Stripe, HubSpot and OpenAI answer %.0f %% of calls 429/500/503 for %d s",
                        plan.failureRate() * 100, plan.failureWindow().toSeconds());
                case BROKER_RESTART -> "Kafka broker restarted (same data directory and port)";
                case SIGKILL -> target + " killed with SIGKILL, then restarted";
            };
        }
    }
}
