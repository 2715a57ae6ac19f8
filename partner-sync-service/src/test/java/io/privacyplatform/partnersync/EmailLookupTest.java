package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureConfirmed;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.KafkaTestClient;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.InjectPartnerSandbox;
import io.privacyplatform.partnersync.support.RequestServiceStub;
import io.privacyplatform.sandbox.Partner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code partner-sync.email-lookup.enabled}, an erasure finds Stripe customers and HubSpot contacts that nobody
 * registered: the subject's address comes from the owning service ("subject contact" endpoint, service token), Stripe is
 * listed by exact email and HubSpot searched, and what is found becomes processor records (source email-lookup) and
 * ERASE tasks of the same order. The address is never stored or published.
 */
@QuarkusTest
@TestProfile(EmailLookupTest.LookupEnabled.class)
class EmailLookupTest extends ErasureTestBase {

    public static class LookupEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("partner-sync.email-lookup.enabled", "true");
        }
    }

    @InjectPartnerSandbox
    RequestServiceStub owningService;

    @Test
    void anErasureWithoutRecordsFindsTheSubjectByEmailAndErasesWhatItFinds() {
        String subject = "usr_" + unique();
        String email = "Ada.Lookup." + unique() + "@Example.com";
        String lower = email.toLowerCase();
        String asGiven = "cus_look" + unique();
        String lowercased = "cus_lookl" + unique();
        String someoneElses = "cus_looko" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(asGiven, email, "Ada Lookup");
        sandbox.seedStripeCustomer(lowercased, lower, "Ada Lookup");
        sandbox.seedStripeCustomer("cus_unrelated" + unique(), "someone." + unique() + "@example.com", "Someone");
        sandbox.seedHubSpotContact(contact, lower);
        // The same address on a customer the platform registered for another subject: not this subject's to erase.
        sandbox.seedStripeCustomer(someoneElses, email, "Other Person");
        register("usr_" + unique(), Systems.STRIPE, "customer", someoneElses, "billing");
        owningService.contact(subject, "[\"" + email + "\"]");

        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.STRIPE, Systems.HUBSPOT, Systems.OPENAI));
        erasures.publish(order);
        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 3);

        ErasureConfirmed stripe = of(confirmations, Systems.STRIPE);
        assertEquals("PARTIALLY_ERASED", stripe.outcome().name(), "customers deleted; billing records stay");
        List<String> deleted = stripe.evidence().stream().filter(e -> "deleted".equals(e.result())).map(e -> e.objectId()).toList();
        assertEquals(List.of(asGiven, lowercased).stream().sorted().toList(), deleted.stream().sorted().toList());
        assertTrue(stripe.evidence().stream().anyMatch(e -> "looked-up".equals(e.result())
                && e.verification().contains("3 customers found") && e.verification().contains("2 erase tasks planned")
                && e.verification().contains("1 object(s) registered for another subject left alone")), stripe.evidence().toString());
        ErasureConfirmed hubspot = of(confirmations, Systems.HUBSPOT);
        assertEquals("ERASED", hubspot.outcome().name());
        assertTrue(hubspot.evidence().stream().anyMatch(e -> contact.equals(e.objectId()) && "deleted".equals(e.result())));
        assertEquals("NOTHING_HELD", of(confirmations, Systems.OPENAI).outcome().name(), "OpenAI cannot be searched");

        // At the partners: the right calls, and the other subject's customer untouched.
        assertTrue(sandbox.calls(Partner.STRIPE).stream().anyMatch(c -> c.method().equals("GET") && c.path().equals("/v1/customers")
                && email.equals(c.queryParams().get("email"))));
        assertTrue(sandbox.calls(Partner.STRIPE).stream().noneMatch(c -> c.method().equals("DELETE") && c.path().endsWith(someoneElses)));
        assertTrue(sandbox.calls(Partner.HUBSPOT).stream().anyMatch(c -> c.path().equals("/crm/v3/objects/contacts/search")));
        assertTrue(sandbox.hubSpotGdprBlocklisted(lower));
        assertEquals(2, owningService.contactCalls(subject), "the owning service was asked once per partner searched");

        JsonPath records = given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject)
                .get("/processor-records").then().statusCode(200).extract().jsonPath();
        assertEquals(3, records.getList("").size());
        assertEquals(List.of("email-lookup"), records.getList("source").stream().distinct().toList());
        assertEquals(3, records.getList("erasedAt").stream().filter(java.util.Objects::nonNull).count());

        for (ConsumerRecord<String, String> record : kafka.readAll(ERASURE_CONFIRMED)) {
            String text = (record.value() + KafkaTestClient.headersAsText(record)).toLowerCase();
            assertFalse(text.contains(lower), "no address on Kafka");
        }
    }

    @Test
    void withoutAnAddressAtTheOwningServiceNothingIsSearched() {
        String subject = "usr_" + unique();
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.STRIPE, Systems.HUBSPOT));
        int searchesBefore = (int) sandbox.calls(Partner.HUBSPOT).stream().filter(c -> c.path().endsWith("/search")).count();
        erasures.publish(order);
        List<ErasureConfirmed> confirmations = awaitConfirmations(order.orderId(), 2);
        for (ErasureConfirmed confirmed : confirmations) {
            assertEquals("NOTHING_HELD", confirmed.outcome().name());
            assertEquals(List.of("no-contact"), confirmed.evidence().stream().map(e -> e.result()).toList());
        }
        assertEquals(searchesBefore, sandbox.calls(Partner.HUBSPOT).stream().filter(c -> c.path().endsWith("/search")).count());
        assertEquals(2, owningService.contactCalls(subject));
    }
}
