package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.privacyplatform.sandbox.RecordedCall;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention per purpose (issue 13, item 1) through the packaged services: a customer with no contact for 3 years and
 * 1 day loses what prospection, marketing, the account, the orders' service, the inquiries and the connection logs
 * held (HubSpot contact, OpenAI objects, the account database's profile, addresses, logins, tickets, marketing
 * preferences), while billing, whose 10 years (French commercial code L123-22) run on, keeps the Stripe customer and
 * the invoices' columns. The sweep orders one scoped erasure; retention-service tracks every system's answer.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class ScopedRetentionErasureIT {

    private static final Duration COMPLETION = Duration.ofSeconds(90);
    private static final List<String> EXPIRED = List.of("prospection", "marketing-email", "account-registration",
            "subscription-orders", "service-provision", "customer-inquiries", "connection-logs");
    private static LocalPlatform platform;
    private static AccountDatabase accounts;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
        accounts = new AccountDatabase(platform);
    }

    @Test
    void aCustomerSilentForThreeYearsAndOneDayLosesEverythingButWhatBillingKeeps() throws Exception {
        String subject = "usr-" + UUID.randomUUID();
        String email = "louise.martin." + shortId() + "@example.fr";
        String customer = "cus_" + shortId();
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        String response = "resp_" + shortId();
        PartnerSandbox sandbox = platform.sandbox();
        sandbox.seedStripeCustomer(customer, email, "Louise Martin");
        sandbox.seedHubSpotContact(contact, Map.of("email", email, "firstname", "Louise"));
        sandbox.seedOpenAiObject("response", response);
        RequestSpecification billingBackend = given().auth().oauth2(platform.clientToken(RealmClients.BILLING_BACKEND))
                .contentType(ContentType.JSON);
        // A backend may no longer record an entry whose retention has already ended (that would order an erasure
        // without an officer): the officer records the expired ones, the billing backend the one still running.
        RequestSpecification officerRecorder = given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .contentType(ContentType.JSON);
        for (String[] object : List.of(new String[]{"stripe", "customer", customer, "billing"},
                new String[]{"hubspot", "contact", contact, "prospection"},
                new String[]{"openai", "response", response, "service-provision"})) {
            given().spec(billingBackend).body(Map.of("subjectId", subject, "partner", object[0], "objectType", object[1],
                    "objectId", object[2], "purpose", object[3])).post(url("partner-sync-service", "/processor-records"))
                    .then().statusCode(201);
        }
        accounts.insertAccount(subject, email, "Louise", "Martin", "+33611223344");

        // The last contact was 3 years and 1 day ago: every purpose has ended but billing's 10 years.
        Instant lastContact = Instant.now().atOffset(ZoneOffset.UTC).minusYears(3).minusDays(1).toInstant();
        Instant collected = lastContact.atOffset(ZoneOffset.UTC).minusYears(1).toInstant();
        for (String purpose : concat(EXPIRED, "billing")) {
            given().spec(EXPIRED.contains(purpose) ? officerRecorder : billingBackend).body(Map.of("subjectId", subject, "purpose", purpose,
                            "dataCategories", List.of("identity", "contact"),
                            "collectedAt", collected.toString(), "lastActivityAt", lastContact.toString()))
                    .post(url("retention-service", "/inventory")).then().statusCode(201);
        }

        given().auth().oauth2(platform.token("dpo-1", "privacy-officer")).post(url("retention-service", "/sweeps"))
                .then().statusCode(200);

        RequestSpecification officer = given().auth().oauth2(platform.token("dpo-1", "privacy-officer"));
        await().atMost(COMPLETION).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> given().spec(officer)
                .queryParam("subjectId", subject).get(url("retention-service", "/erasure-orders"))
                .then().statusCode(200)
                .body("[0].status", equalTo("COMPLETED")));
        JsonPath order = given().spec(officer).queryParam("subjectId", subject).get(url("retention-service", "/erasure-orders"))
                .then().statusCode(200)
                .body("[0].scope.keptPurposes", contains("billing"))
                .body("[0].scope.purposes", containsInAnyOrder(EXPIRED.toArray()))
                // Stripe's customer is one object billing still needs: the order leaves it alone.
                .body("[0].systems.system", containsInAnyOrder("consent", "retention", "hubspot", "openai", "account-database"))
                .body("[0].systems.find { it.system == 'hubspot' }.status", equalTo("ERASED"))
                .body("[0].systems.find { it.system == 'openai' }.status", equalTo("ERASED"))
                .body("[0].systems.find { it.system == 'account-database' }.retained.rule", hasItem("accounting-ten-years"))
                .extract().jsonPath();
        assertTrue(order.getList("[0].systems.find { it.system == 'retention' }.retained.dataCategory").toString().contains("billing"),
                "retention says its billing entry stays: " + order.prettify());

        // At the partners: the contact and the response are gone, the Stripe customer was not touched.
        assertEquals(204, only(sandbox.calls(Partner.HUBSPOT).stream().filter(c -> c.body().contains("\"" + contact + "\"")).toList(),
                "POST", "/crm/v3/objects/contacts/gdpr-delete").status());
        assertEquals(200, only(sandbox.calls(Partner.OPENAI), "DELETE", "/v1/responses/" + response).status());
        assertTrue(sandbox.calls(Partner.STRIPE).stream().noneMatch(c -> c.path().contains(customer)),
                "nothing was asked of Stripe about the customer billing keeps");

        // In the account database: what no live purpose needs is gone, the invoices' columns stay with their subject.
        for (String table : List.of("profiles", "postal_addresses", "login_history", "marketing_preferences")) {
            assertEquals(0, accounts.rows(subject, table), table + " rows of the subject");
        }
        assertEquals(2, accounts.rows(subject, "orders"));
        assertEquals(List.of("Louise Martin", "Louise Martin"), accounts.column(subject, "orders", "billing_name"));

        // retention's inventory keeps billing only, with its clock running.
        given().spec(officer).queryParam("subjectId", subject).get(url("retention-service", "/inventory"))
                .then().statusCode(200).body("entries.purpose", contains("billing"));
    }

    private static List<String> concat(List<String> list, String more) {
        List<String> all = new java.util.ArrayList<>(list);
        all.add(more);
        return all;
    }

    private static RecordedCall only(List<RecordedCall> calls, String method, String path) {
        List<RecordedCall> matching = calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
        assertEquals(1, matching.size(), method + " " + path + " calls: " + matching.size());
        return matching.get(0);
    }

    private static String url(String service, String path) {
        return platform.serviceUrl(service) + path;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }
}
