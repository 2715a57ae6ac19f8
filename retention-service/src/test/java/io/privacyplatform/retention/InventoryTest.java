package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** The inventory: one entry per subject and purpose of policy section 5, kept current by the platform. */
@QuarkusTest
class InventoryTest {

    private static final List<String> POLICY_PURPOSES = List.of("account-registration", "subscription-orders",
            "service-provision", "billing", "collections-and-disputes", "customer-inquiries", "commercial-statistics",
            "data-subject-rights");

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void anUpdateReplacesCategoriesAndOnlyWidensTheClocks() {
        Instant collected = Instant.now().minus(400, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant active = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        register(entry("account-registration", "[\"identity\",\"contact\"]", collected, active)).statusCode(201)
                .body("purpose", equalTo("account-registration"))
                .body("legalBasis", equalTo("CONTRACT"))
                .body("dataCategories", contains("identity", "contact"))
                .body("collectedAt", equalTo(collected.toString()))
                .body("lastActivityAt", equalTo(active.toString()));

        // A late report (later collection, older activity) must not shorten the retention clock.
        register(entry("account-registration", "[\"contact\",\"connection\"]", collected.plus(10, ChronoUnit.DAYS),
                active.minus(10, ChronoUnit.DAYS))).statusCode(200)
                .body("dataCategories", contains("contact", "connection"))
                .body("collectedAt", equalTo(collected.toString()))
                .body("lastActivityAt", equalTo(active.toString()));

        Instant later = active.plus(20, ChronoUnit.DAYS);
        register(entry("account-registration", "[\"contact\"]", collected, later)).statusCode(200)
                .body("lastActivityAt", equalTo(later.toString()));

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/inventory").then()
                .statusCode(200)
                .body("subjectId", equalTo(subjectId))
                .body("entries", hasSize(1))
                .body("entries[0].dataCategories", contains("contact"));
    }

    @Test
    void everyPurposeOfThePolicyCanBeRegistered() {
        for (String purpose : POLICY_PURPOSES) {
            register("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"" + purpose + "\",\"dataCategories\":[\"identity\"]}")
                    .statusCode(201).body("purpose", equalTo(purpose));
        }
        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/inventory").then()
                .statusCode(200)
                .body("entries.purpose", containsInAnyOrder(POLICY_PURPOSES.toArray()))
                .body("entries.find { it.purpose == 'commercial-statistics' }.legalBasis", equalTo("LEGITIMATE_INTEREST"));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("platform_outbox_pending"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/inventory"));
    }

    private String entry(String purpose, String categories, Instant collectedAt, Instant lastActivityAt) {
        return "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"" + purpose + "\",\"dataCategories\":" + categories
                + ",\"collectedAt\":\"" + collectedAt + "\",\"lastActivityAt\":\"" + lastActivityAt + "\"}";
    }

    private static io.restassured.response.ValidatableResponse register(String body) {
        return given().auth().oauth2(TestTokens.inventoryRecorder()).contentType(ContentType.JSON).body(body).post("/inventory").then();
    }
}
