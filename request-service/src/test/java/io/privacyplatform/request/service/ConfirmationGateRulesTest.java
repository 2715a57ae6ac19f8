package io.privacyplatform.request.service;

import io.privacyplatform.request.RefusalReason;
import io.privacyplatform.request.TestRegistry;
import io.privacyplatform.request.service.ConfirmationGate.Channel;
import io.privacyplatform.request.service.ConfirmationGate.Verdict;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may confirm for which system, decided from a registry: the real one plus a custom system ({@code loyalty},
 * answered for by its own principal {@code loyalty-service}, see {@link TestRegistry}).
 */
class ConfirmationGateRulesTest {

    private final ConfirmationGate gate = new ConfirmationGate(TestRegistry.withCustomSystem(), null, null);

    @Test
    void aCustomSystemConfirmsOnItsOwnTopicOrOverHttpWithItsOwnClient() {
        admitted(Channel.topic("erasure-confirmed.loyalty"), "loyalty", "erasure-confirmed.loyalty");
        admitted(Channel.topic("order-confirmed.loyalty"), "loyalty", "order-confirmed.loyalty");
        admitted(http("loyalty"), "loyalty", "loyalty-service");

        refused(RefusalReason.NOT_OWNER, http("loyalty"), "loyalty", "crm-sync");
        refused(RefusalReason.NOT_OWNER, http("loyalty"), "loyalty", null);
        // Not on the shared topics, even with its own name as the source: only platform services write there.
        refused(RefusalReason.WRONG_CHANNEL, Channel.topic("erasure-confirmed"), "loyalty", "/loyalty-service");
        refused(RefusalReason.WRONG_CHANNEL, Channel.topic("order-confirmed"), "loyalty", "/loyalty-service");
    }

    @Test
    void aConfirmationMustNameTheSystemItsTopicOrPathIsBoundTo() {
        refused(RefusalReason.SYSTEM_MISMATCH, Channel.topic("erasure-confirmed.loyalty"), "stripe", "erasure-confirmed.loyalty");
        refused(RefusalReason.SYSTEM_MISMATCH, http("loyalty"), "consent", "loyalty-service");
        refused(RefusalReason.SYSTEM_MISMATCH, http("consent"), "loyalty", "loyalty-service");
    }

    @Test
    void aPlatformSystemConfirmsOnlyOnTheSharedTopicFromItsOwner() {
        admitted(Channel.topic("erasure-confirmed"), "consent", "/consent-service");
        admitted(Channel.topic("erasure-confirmed"), "stripe", "/partner-sync-service");
        admitted(Channel.topic("erasure-confirmed"), "account-database", "/retention-service");
        admitted(Channel.topic("order-confirmed"), "hubspot", "/partner-sync-service");

        refused(RefusalReason.NOT_OWNER, Channel.topic("erasure-confirmed"), "consent", "/partner-sync-service");
        refused(RefusalReason.NOT_OWNER, Channel.topic("erasure-confirmed"), "account-database", "/partner-sync-service");
        refused(RefusalReason.NOT_OWNER, Channel.topic("erasure-confirmed"), "stripe", null);
        refused(RefusalReason.WRONG_CHANNEL, Channel.topic("erasure-confirmed.stripe"), "stripe", "erasure-confirmed.stripe");
        // Its owner too: the platform services confirm through their outbox, never over HTTP.
        refused(RefusalReason.WRONG_CHANNEL, http("stripe"), "stripe", "partner-sync-service");
        refused(RefusalReason.NOT_OWNER, http("stripe"), "stripe", "loyalty-service");
        // A registered system that confirms nothing (request keeps the proof of the requests) has no principal.
        refused(RefusalReason.WRONG_CHANNEL, Channel.topic("erasure-confirmed"), "request", "/request-service");
    }

    @Test
    void aSystemThatIsNotRegisteredIsRefusedOnEveryChannel() {
        refused(RefusalReason.UNREGISTERED_SYSTEM, Channel.topic("erasure-confirmed"), "crm", "/partner-sync-service");
        refused(RefusalReason.UNREGISTERED_SYSTEM, Channel.topic("erasure-confirmed.crm"), "crm", "erasure-confirmed.crm");
        refused(RefusalReason.UNREGISTERED_SYSTEM, http("crm"), "crm", "crm");
    }

    @Test
    void onlyConfirmationTopicsAreChannels() {
        Channel own = Channel.topic("order-confirmed.loyalty");
        assertEquals(ConfirmationGate.Route.SYSTEM_TOPIC, own.route());
        assertEquals("loyalty", own.boundSystem());
        assertNull(Channel.topic("erasure-confirmed").boundSystem());
        assertThrows(IllegalArgumentException.class, () -> Channel.topic("erasure-ordered"));
        assertThrows(IllegalArgumentException.class, () -> Channel.topic("erasure-confirmed."));
    }

    @Test
    void aRefusalShowsNoClaimedTextAsIs() {
        Verdict verdict = gate.judge(Channel.topic("erasure-confirmed"), "crm\nFAKE LOG LINE", "/x");
        assertEquals(RefusalReason.UNREGISTERED_SYSTEM, verdict.refusal());
        assertFalse(verdict.detail().contains("\n"), verdict.detail());
    }

    private static Channel http(String system) {
        return Channel.http("/systems/" + system + "/erasure-confirmations", system);
    }

    private void admitted(Channel channel, String system, String principal) {
        Verdict verdict = gate.judge(channel, system, principal);
        assertTrue(verdict.admitted(), system + " from " + principal + " on " + channel.name() + ": " + verdict.detail());
    }

    private void refused(RefusalReason reason, Channel channel, String system, String principal) {
        Verdict verdict = gate.judge(channel, system, principal);
        assertEquals(reason, verdict.refusal(), system + " from " + principal + " on " + channel.name());
        assertTrue(verdict.detail() != null && !verdict.detail().isBlank());
    }
}
