package io.privacyplatform.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.sandbox.Failure;
import io.privacyplatform.sandbox.Partner;
import io.privacyplatform.sandbox.PartnerSandbox;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GDPR Art. 15 across the packaged services: an approved ACCESS request is assembled by request-service from every
 * service with its service token (consent ledger, retention inventory, processor records and what Stripe and HubSpot
 * hold, read live through partner-sync), plus the register's Art. 15 facts, and the subject downloads it once through
 * an expiring link; another subject cannot. An export waiting for a partner survives a restart of request-service.
 */
@Order(SharedPlatform.Profile.QUICK_RECOVERY_ORDER)
class AccessExportIT {

    private static final Duration ASSEMBLY = Duration.ofSeconds(90);
    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = SharedPlatform.of(SharedPlatform.Profile.QUICK_RECOVERY);
    }

    private static String url(String service, String path) {
        return platform.service(service).baseUrl() + path;
    }

    private static RequestSpecification as(String subjectId, String role) {
        return given().auth().oauth2(platform.token(subjectId, role)).contentType(ContentType.JSON);
    }

    /** A product backend calling with its own client (web-backend, billing-backend) and only its roles. */
    private static RequestSpecification asClient(String clientId) {
        return given().auth().oauth2(platform.clientToken(clientId)).contentType(ContentType.JSON);
    }

    @Test
    void anExportWaitingForAPartnerSurvivesARestartOfRequestServiceAndCompletesWhenThePartnerIsBack() {
        String subjectId = "usr-" + UUID.randomUUID();
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        platform.sandbox().seedHubSpotContact(contact, Map.of("email", "noe." + UUID.randomUUID() + "@example.fr"));
        asClient(RealmClients.BILLING_BACKEND).body(Map.of("subjectId", subjectId, "partner", "hubspot", "objectType", "contact",
                "objectId", contact, "purpose", "customer-inquiries")).post(url("partner-sync-service", "/processor-records"))
                .then().statusCode(201);
        platform.sandbox().failNext(Partner.HUBSPOT, 100_000, Failure.SERVICE_UNAVAILABLE);
        try {
            String requestId = as(subjectId, "data-subject").body("{\"type\":\"ACCESS\"}").post(url("request-service", "/requests"))
                    .then().statusCode(201).extract().path("id");
            as("dpo-1", "privacy-officer").post(url("request-service", "/requests/" + requestId + "/approve")).then().statusCode(200);
            // What HubSpot holds cannot be read: the export waits and says for whom, rather than going out partial.
            await().atMost(ASSEMBLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    as(subjectId, "data-subject").get(url("request-service", "/requests/" + requestId + "/export/status"))
                            .then().statusCode(200).body("status", equalTo("PENDING"))
                            .body("slices.find { it.service == 'partner-sync-service' }.lastError", equalTo("INCOMPLETE"))
                            .body("waitingFor", hasItem(containsString("partner-sync-service"))));

            platform.restart("request-service");
            platform.sandbox().clearFailures(Partner.HUBSPOT);

            await().atMost(ASSEMBLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    as(subjectId, "data-subject").get(url("request-service", "/requests/" + requestId + "/export/status"))
                            .then().statusCode(200).body("status", equalTo("READY")));
        } finally {
            platform.sandbox().clearFailures(Partner.HUBSPOT);
        }
    }

    @Test
    void anApprovedAccessRequestGathersEveryServiceAndOnlyTheSubjectDownloadsIt() throws Exception {
        String subjectId = "usr-" + UUID.randomUUID();
        String email = "ines." + UUID.randomUUID() + "@example.fr";
        String customer = "cus_" + UUID.randomUUID().toString().replace("-", "").substring(0, 14);
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        PartnerSandbox sandbox = platform.sandbox();
        sandbox.seedStripeCustomer(customer, email, "Inès Moreau");
        sandbox.seedHubSpotContact(contact, Map.of("email", email, "firstname", "Inès", "lastname", "Moreau"));
        for (String[] object : List.of(new String[]{"stripe", "customer", customer, "billing"},
                new String[]{"hubspot", "contact", contact, "customer-inquiries"})) {
            asClient(RealmClients.BILLING_BACKEND).body(Map.of("subjectId", subjectId, "partner", object[0], "objectType", object[1],
                    "objectId", object[2], "purpose", object[3])).post(url("partner-sync-service", "/processor-records"))
                    .then().statusCode(201);
        }
        as(subjectId, "data-subject").body(Map.of("purpose", "marketing-email", "granted", true))
                .post(url("consent-service", "/consents")).then().statusCode(201);
        asClient(RealmClients.WEB_BACKEND).body(Map.of("subjectId", subjectId, "purpose", "account-registration",
                        "dataCategories", List.of("identity", "contact")))
                .post(url("retention-service", "/inventory")).then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201)));

        String requestId = as(subjectId, "data-subject").body("{\"type\":\"ACCESS\"}").post(url("request-service", "/requests"))
                .then().statusCode(201).extract().path("id");
        as("dpo-1", "privacy-officer").post(url("request-service", "/requests/" + requestId + "/approve")).then().statusCode(200);

        await().atMost(ASSEMBLY).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                as(subjectId, "data-subject").get(url("request-service", "/requests/" + requestId + "/export/status"))
                        .then().statusCode(200).body("status", equalTo("READY")));
        as(subjectId, "data-subject").get(url("request-service", "/requests/" + requestId)).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("history.kind", hasItem("EXPORT_READY"));

        // Another subject learns nothing, not even that the request exists.
        as("usr-someone-else", "data-subject").post(url("request-service", "/requests/" + requestId + "/export/link"))
                .then().statusCode(404);

        String href = as(subjectId, "data-subject").post(url("request-service", "/requests/" + requestId + "/export/link"))
                .then().statusCode(201).extract().path("href");
        String body = as(subjectId, "data-subject").get(url("request-service", href)).then().statusCode(200).extract().asString();
        JsonNode document = new ObjectMapper().readTree(body);

        assertEquals(subjectId, document.path("subjectId").asText());
        assertTrue(document.path("requests").findValuesAsText("requestId").contains(requestId), "request history");
        assertTrue(document.path("consents").toString().contains("marketing-email"), "consent ledger");
        assertTrue(document.path("retention").toString().contains("account-registration"), "retention inventory");
        assertTrue(document.path("partners").path("processorRecords").findValuesAsText("objectId").containsAll(List.of(customer, contact)));
        String partnerData = document.path("partners").path("partners").toString();
        assertTrue(partnerData.contains(email) && partnerData.contains("Moreau"), "what Stripe and HubSpot hold, read live");
        assertTrue(document.path("information").path("transfers").findValuesAsText("system").containsAll(List.of("stripe", "hubspot", "openai")),
                "Art. 15 information: recipients and transfers from the register");

        as(subjectId, "data-subject").get(url("request-service", "/requests/" + requestId)).then()
                .body("history.kind", hasItem("EXPORT_DOWNLOADED"));
    }
}
