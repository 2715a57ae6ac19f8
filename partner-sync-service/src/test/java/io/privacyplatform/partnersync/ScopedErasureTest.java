package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.contracts.erasure.ErasureOutcome;
import io.privacyplatform.contracts.erasure.ErasureReason;
import io.privacyplatform.contracts.erasure.ErasureScope;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.sandbox.Partner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A scoped order (some purposes ended, others kept) names a processor in its expected systems only when the processor
 * must be erased whole (policy Register.planErasure): partner-sync reads the scope and erases exactly the partners
 * the order names, as for any order.
 */
@QuarkusTest
class ScopedErasureTest extends ErasureTestBase {

    @Test
    void aScopedOrderNamingHubSpotButNotStripeErasesTheContactAndLeavesTheBillingCustomer() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(customer, "lea@example.com", "Léa Garnier");
        sandbox.seedHubSpotContact(contact, "lea@example.com");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "prospection");

        // Prospection and marketing ended after 3 years without contact; billing's 10 years run on (Stripe is kept).
        ErasureScope scope = new ErasureScope(List.of("prospection", "marketing-email", "customer-inquiries"), List.of("billing"));
        ErasureOrdered order = new ErasureOrdered(UUID.randomUUID(), null, subject, ErasureReason.RETENTION_EXPIRED,
                List.of(Systems.CONSENT, Systems.RETENTION, Systems.HUBSPOT, "account-database"), List.of(), Instant.now(), scope);
        erasures.publish(order);

        ErasureConfirmed hubspot = awaitConfirmations(order.orderId(), 1).get(0);
        assertEquals(Systems.HUBSPOT, hubspot.system());
        assertEquals(ErasureOutcome.ERASED, hubspot.outcome());
        assertEquals(List.of("POST /crm/v3/objects/contacts/gdpr-delete", "GET /crm/v3/objects/contacts/" + contact),
                describe(callsAbout(Partner.HUBSPOT, contact)));
        assertEquals(List.of(), callsAbout(Partner.STRIPE, customer), "the billing customer is not touched");
        assertEquals(Set.of(Systems.HUBSPOT), QuarkusTransaction.requiringNew().call(() -> PartnerErasure.partnersOf(order.orderId())),
                "nothing planned at Stripe");
    }
}
