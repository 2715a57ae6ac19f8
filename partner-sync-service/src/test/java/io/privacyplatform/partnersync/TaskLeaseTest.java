package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.sandbox.Partner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.privacyplatform.partnersync.service.LiveInstances;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Leases, as after a crash: a task left IN_FLIGHT by an instance that died is claimed again once its lease has
 * expired, or once its instance is no longer live (no fresh row in partner_sync_instance), and only then; if the dead
 * run had already deleted the object, the object counts as erased, not as never held.
 */
@QuarkusTest
class TaskLeaseTest extends ErasureTestBase {

    @Inject
    LiveInstances instances;

    @Test
    void anExpiredLeaseIsClaimedAgainAndALiveOneIsLeftAlone() {
        String subject = "usr_" + unique();
        String erasedByTheDeadRun = "cus_" + unique();   // not in the sandbox: the crashed run deleted it
        String stillThere = "cus_" + unique();
        String leasedElsewhere = "cus_" + unique();
        sandbox.seedStripeCustomer(stillThere, "lease@example.com", "Lease");
        sandbox.seedStripeCustomer(leasedElsewhere, "lease2@example.com", "Lease");
        UUID orderId = UUID.randomUUID();
        UUID otherOrder = UUID.randomUUID();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> {
            PartnerErasure erasure = erasure(orderId, subject, now);
            inFlight(erasure, erasedByTheDeadRun, now.minusSeconds(1), null, now);
            inFlight(erasure, stillThere, now.minusSeconds(1), null, now);
            // Claimed an hour ago by a live instance (this one), its lease still running: left to it.
            inFlight(erasure(otherOrder, subject, now), leasedElsewhere, now.plusSeconds(3600), instances.id(),
                    now.minusSeconds(3600));
        });

        ErasureConfirmed stripe = of(awaitConfirmations(orderId, 1), Systems.STRIPE);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, stripe.outcome(), "erased (Stripe keeps billing records), not NOTHING_HELD");
        PartnerTask reclaimed = task(erasedByTheDeadRun);
        assertEquals(TaskState.DONE, reclaimed.state);
        assertEquals("deleted", reclaimed.result, "gone after a run that never reported: erased by that run");
        assertTrue(reclaimed.verification.contains("already gone on run 2"), reclaimed.verification);
        assertTrue(reclaimed.lastError.startsWith("lease expired"), reclaimed.lastError);
        assertEquals(2, reclaimed.attempts, "the lost run counts as an attempt");
        assertEquals("deleted", task(stillThere).result);

        PartnerTask untouched = task(leasedElsewhere);
        assertEquals(TaskState.IN_FLIGHT, untouched.state, "a live lease belongs to its instance");
        assertEquals(1, untouched.attempts);
        assertEquals(List.of(), callsAbout(Partner.STRIPE, leasedElsewhere));
    }

    @Test
    void aTaskOfAnInstanceThatIsGoneIsClaimedAgainLongBeforeItsLeaseEnds() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        sandbox.seedStripeCustomer(customer, "gone@example.com", "Gone");
        UUID orderId = UUID.randomUUID();
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> inFlight(erasure(orderId, subject, now), customer,
                now.plusSeconds(3600), "killed-" + UUID.randomUUID(), now.minusSeconds(60)));

        ErasureConfirmed stripe = of(awaitConfirmations(orderId, 1), Systems.STRIPE);
        assertEquals(ErasureOutcome.PARTIALLY_ERASED, stripe.outcome());
        PartnerTask reclaimed = task(customer);
        assertEquals(TaskState.DONE, reclaimed.state);
        assertEquals("deleted", reclaimed.result);
        assertTrue(reclaimed.lastError.startsWith("instance gone"), reclaimed.lastError);
        assertEquals(2, reclaimed.attempts, "the killed run counts as an attempt");
        assertNull(reclaimed.leasedBy, "no lease once done");
    }

    private static PartnerErasure erasure(UUID orderId, String subject, Instant now) {
        PartnerErasure erasure = new PartnerErasure();
        erasure.id = UUID.randomUUID();
        erasure.orderId = orderId;
        erasure.subjectId = subject;
        erasure.partner = Systems.STRIPE;
        erasure.exemptions = "[]";
        erasure.createdAt = now;
        erasure.persist();
        return erasure;
    }

    private static void inFlight(PartnerErasure erasure, String customer, Instant leaseUntil, String leasedBy,
                                 Instant claimedAt) {
        PartnerTask task = PartnerTask.pending(TaskKind.ERASE, erasure.subjectId, Systems.STRIPE, "customer", customer,
                "erasure-ordered", erasure.orderId.toString(), erasure.createdAt);
        task.partnerErasureId = erasure.id;
        task.state = TaskState.IN_FLIGHT;
        task.attempts = 1;
        task.claims = 1;
        task.lastAttemptAt = claimedAt;
        task.leaseToken = UUID.randomUUID();
        task.leaseUntil = leaseUntil;
        task.leasedBy = leasedBy;
        task.persist();
    }
}
