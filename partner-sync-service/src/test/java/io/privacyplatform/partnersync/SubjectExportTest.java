package io.privacyplatform.partnersync;

import io.privacyplatform.contracts.Systems;
import io.privacyplatform.contracts.erasure.ErasureOrdered;
import io.privacyplatform.testkit.CapturedLog;
import io.privacyplatform.testkit.ErasureEvents;
import io.privacyplatform.testkit.TestTokens;
import io.privacyplatform.partnersync.support.ErasureTestBase;
import io.privacyplatform.partnersync.support.PartnerProxies;
import io.privacyplatform.partnersync.support.PartnerSandboxResource;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.RecordedCall;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.privacyplatform.partnersync.config.TaskConfig;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access export slice: the subject's processor records and what Stripe and HubSpot hold, read live through the
 * adapters; never kept in the database, logs or metrics.
 */
@QuarkusTest
class SubjectExportTest extends ErasureTestBase {

    @Inject
    TaskConfig exports;

    private static JsonPath export(String subject) {
        return given().auth().oauth2(TestTokens.subjectExportReader()).get("/subjects/" + subject + "/export")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> object(JsonPath export, String objectId) {
        return export.getMap("partners.find { it.objectId == '" + objectId + "' }");
    }

    @Test
    void readsWhatStripeAndHubSpotHoldAndListsEveryRecord() {
        String subject = "usr_" + unique();
        String oldCustomer = "cus_" + unique();
        sandbox.seedStripeCustomer(oldCustomer, "old." + unique() + "@example.com", "Old Name");
        register(subject, Systems.STRIPE, "customer", oldCustomer, "billing");
        ErasureOrdered order = ErasureEvents.order(subject, List.of(Systems.STRIPE));
        erasures.publish(order);
        awaitConfirmations(order.orderId(), 1);

        String customer = "cus_" + unique();
        Map<String, String> stripeValues = new LinkedHashMap<>();
        stripeValues.put("email", "ada." + unique() + "@example.com");
        stripeValues.put("name", "Ada Lovelace-" + unique());
        stripeValues.put("phone", "+33612" + uniqueDigits().substring(0, 6));
        stripeValues.put("description", "VIP customer " + unique());
        stripeValues.put("address.line1", unique() + " rue de Rivoli");
        stripeValues.put("address.postal_code", "75001");
        stripeValues.put("address.city", "Paris");
        stripeValues.put("address.country", "FR");
        sandbox.seedStripeCustomer(customer, stripeValues);

        String contact = uniqueDigits();
        Map<String, String> hubspotValues = new LinkedHashMap<>();
        hubspotValues.put("email", "grace." + unique() + "@example.com");
        hubspotValues.put("firstname", "Grace-" + unique());
        hubspotValues.put("lastname", "Hopper-" + unique());
        hubspotValues.put("phone", "+33698" + uniqueDigits().substring(0, 6));
        hubspotValues.put("company", "Navy " + unique());
        hubspotValues.put("city", "Arlington");
        sandbox.seedHubSpotContact(contact, hubspotValues);

        String response = "resp_" + unique();
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        register(subject, Systems.OPENAI, "response", response, "support-assistant");

        CapturedLog log = CapturedLog.start();
        JsonPath export;
        try {
            export = given().auth().oauth2(TestTokens.privacyOfficer()).get("/subjects/" + subject + "/export")
                    .then().statusCode(200).extract().jsonPath();
        } finally {
            log.close();
        }

        assertEquals(subject, export.getString("subjectId"));
        assertNotNull(export.getString("generatedAt"));
        assertTrue(export.getBoolean("complete"));
        assertEquals(4, export.getList("processorRecords").size(), "erased record included");
        Map<String, Object> erased = export.getMap("processorRecords.find { it.objectId == '" + oldCustomer + "' }");
        assertNotNull(erased.get("erasedAt"));
        assertEquals("billing", erased.get("purpose"));
        assertEquals("registered", erased.get("source"));
        assertNull(export.getMap("processorRecords.find { it.objectId == '" + customer + "' }").get("erasedAt"));

        assertEquals(3, export.getList("partners").size(), "the erased customer is not read again");
        assertNull(object(export, oldCustomer));
        Map<String, Object> atStripe = object(export, customer);
        assertEquals("FOUND", atStripe.get("status"));
        assertEquals("stripe", atStripe.get("partner"));
        assertEquals("customer", atStripe.get("objectType"));
        assertEquals(stripeValues, atStripe.get("fields"));
        assertNotNull(atStripe.get("retrievedAt"));
        Map<String, Object> atHubSpot = object(export, contact);
        assertEquals("FOUND", atHubSpot.get("status"));
        assertEquals(hubspotValues, atHubSpot.get("fields"));
        Map<String, Object> atOpenAi = object(export, response);
        assertEquals("NOT_READ", atOpenAi.get("status"));
        assertEquals(Map.of(), atOpenAi.get("fields"));
        assertNull(atOpenAi.get("retrievedAt"));
        assertTrue(export.getList("notices").contains(
                "OpenAI objects are listed from the processor records; their content is not read back."));

        RecordedCall read = sandbox.calls(Partner.HUBSPOT).stream()
                .filter(c -> c.method().equals("GET") && c.path().endsWith("/contacts/" + contact)).findFirst().orElseThrow();
        assertTrue(read.query().startsWith("properties=firstname%2Clastname%2Cemail%2Cphone")
                || read.query().startsWith("properties=firstname,lastname,email,phone"), read.query());
        assertTrue(sandbox.calls(Partner.OPENAI).stream().noneMatch(c -> c.path().contains(response)),
                "OpenAI content is not read");

        List<String> values = new ArrayList<>(stripeValues.values());
        values.addAll(hubspotValues.values());
        values.removeAll(List.of("75001", "Paris", "FR", "Arlington"));
        String database = databaseText();
        assertTrue(database.contains(customer), "the tables were read");
        String logs = String.join("\n", log.lines());
        assertTrue(logs.contains(subject), "the export's log line was captured");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String value : values) {
            assertFalse(database.contains(value), "a value read from a partner is in the database");
            assertFalse(logs.contains(value), "a value read from a partner is in the logs");
            assertFalse(metrics.contains(value), "a value read from a partner is in the metrics");
        }
    }

    @Test
    void aDeletedStripeCustomerAndAGdprDeletedContactAreGone() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(customer, "gone." + unique() + "@example.com", "Gone");
        given().auth().oauth2(PartnerSandboxResource.STRIPE_KEY).delete(sandbox.stripeBaseUrl() + "/v1/customers/" + customer)
                .then().statusCode(200).body("deleted", is(true));
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");

        JsonPath export = export(subject);

        assertTrue(export.getBoolean("complete"));
        assertEquals("GONE", object(export, customer).get("status"));
        assertEquals(Map.of(), object(export, customer).get("fields"));
        assertNotNull(object(export, customer).get("retrievedAt"));
        assertEquals("GONE", object(export, contact).get("status"), "a contact HubSpot answers 404 for");
    }

    @Test
    void aFailingHubSpotMakesTheExportIncomplete() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(customer, "up." + unique() + "@example.com", "Up");
        sandbox.seedHubSpotContact(contact, "down." + unique() + "@example.com");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        proxies.failNext(Partner.HUBSPOT, contact, 1, PartnerProxies.json(503,
                "{\"status\":\"error\",\"message\":\"Service unavailable\",\"category\":\"SERVICE_UNAVAILABLE\"}"));

        JsonPath export = export(subject);

        assertFalse(export.getBoolean("complete"));
        assertEquals("UNAVAILABLE", object(export, contact).get("status"));
        assertEquals(Map.of(), object(export, contact).get("fields"));
        assertNull(object(export, contact).get("retrievedAt"));
        assertEquals("FOUND", object(export, customer).get("status"), "Stripe is read all the same");
        assertTrue(export.getList("notices", String.class).stream()
                .anyMatch(n -> n.startsWith("hubspot: 1 object could not be read now (HTTP 503)")), export.prettify());

        // Later, HubSpot is back: the same export is complete.
        JsonPath again = export(subject);
        assertTrue(again.getBoolean("complete"));
        assertEquals("FOUND", object(again, contact).get("status"));
    }

    @Test
    void aPartnerTooSlowForTheExportsTimeLimitIsUnavailable() {
        String subject = "usr_" + unique();
        String customer = "cus_" + unique();
        String contact = uniqueDigits();
        sandbox.seedStripeCustomer(customer, "slow." + unique() + "@example.com", "Slow");
        sandbox.seedHubSpotContact(contact, "quick." + unique() + "@example.com");
        register(subject, Systems.STRIPE, "customer", customer, "billing");
        register(subject, Systems.HUBSPOT, "contact", contact, "crm-marketing");
        // Answers long after partner-sync.export.timeout (3 s in tests): the export does not wait for it.
        proxies.failNext(Partner.STRIPE, customer, 1, PartnerProxies.json(200,
                "{\"id\":\"" + customer + "\",\"object\":\"customer\"}").withFixedDelay(15_000));

        JsonPath export = export(subject);

        assertFalse(export.getBoolean("complete"));
        assertEquals("UNAVAILABLE", object(export, customer).get("status"));
        assertEquals("FOUND", object(export, contact).get("status"));
        assertTrue(export.getList("notices", String.class).contains(
                "stripe: 1 object could not be read now (timed out); the export is incomplete, ask again later."),
                export.prettify());
    }

    @Test
    void anExportReservesNoMorePermitsThanItsReadsInFlightAndStartsNoneAfterItsTimeLimit() {
        int inFlight = exports.export().concurrency();
        int contacts = 3 * inFlight;
        String subject = "usr_" + unique();
        // Each read answers after 2 s: within the 3 s time limit, one round of reads ends and a second starts.
        List<String> ids = slowHubSpotContacts(subject, contacts, Duration.ofSeconds(2));

        JsonPath export = export(subject);

        assertFalse(export.getBoolean("complete"));
        long found = ids.stream().filter(id -> "FOUND".equals(object(export, id).get("status"))).count();
        long unavailable = ids.stream().filter(id -> "UNAVAILABLE".equals(object(export, id).get("status"))).count();
        long sent = proxies.arrivals(Partner.HUBSPOT).stream().filter(a -> ids.stream().anyMatch(a::mentions)).count();
        assertEquals(inFlight, found, "the first round of reads answered within the time limit");
        assertEquals(contacts - inFlight, unavailable);
        // The second round started and was cancelled at the limit; the third never started (nor took a permit).
        assertEquals(2 * inFlight, sent, "reads sent for " + contacts + " contacts, " + inFlight + " at a time");
        assertTrue(export.getList("notices", String.class).contains("hubspot: " + (contacts - inFlight)
                + " objects could not be read now (timed out); the export is incomplete, ask again later."), export.prettify());
    }

    @Test
    void onlyThePlatformAndThePrivacyOfficerMayExport() {
        String subject = "usr_" + unique();
        given().get("/subjects/" + subject + "/export").then().statusCode(401);
        given().auth().oauth2(TestTokens.dataSubject(subject)).get("/subjects/" + subject + "/export").then().statusCode(403);
        given().auth().oauth2(TestTokens.token("ops-1", TestTokens.OPERATOR)).get("/subjects/" + subject + "/export")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.privacyOfficer()).get("/subjects/" + subject + "/export")
                .then().statusCode(200)
                .body("subjectId", is(subject))
                .body("generatedAt", notNullValue())
                .body("processorRecords", empty())
                .body("partners", empty())
                .body("complete", is(true))
                .body("notices", empty());
        given().auth().oauth2(TestTokens.subjectExportReader()).get("/subjects/not%20an%20id/export")
                .then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors[0].field", is("subjectId"))
                .body(not(containsString("not an id")));
    }

    /** Every row of every table of the service's schema, as JSON text. */
    private static String databaseText() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> tables = PartnerTask.getEntityManager().createNativeQuery(
                    "select table_name from information_schema.tables where table_schema = current_schema() "
                            + "and table_type = 'BASE TABLE'").getResultList();
            StringBuilder text = new StringBuilder();
            for (String table : tables) {
                @SuppressWarnings("unchecked")
                List<String> rows = PartnerTask.getEntityManager().createNativeQuery(
                        "select cast(row_to_json(t) as text) from \"" + table + "\" t").getResultList();
                rows.forEach(row -> text.append(row).append('\n'));
            }
            return text.toString();
        });
    }
}
