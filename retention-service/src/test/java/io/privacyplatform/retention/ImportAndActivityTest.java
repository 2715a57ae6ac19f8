package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Feeding the inventory in bulk: the import of existing customers (per-row report) and batched activity. */
@QuarkusTest
class ImportAndActivityTest {

    private final String a = "cust-" + UUID.randomUUID();
    private final String b = "cust-" + UUID.randomUUID();

    private static ValidatableResponse importCsv(String csv) {
        return given().auth().oauth2(TestTokens.inventoryRecorder()).contentType("text/csv").body(csv).post("/inventory/import").then();
    }

    private static ValidatableResponse inventory(String subject) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject).get("/inventory").then()
                .statusCode(200);
    }

    @Test
    void validRowsAreStoredAndEachMalformedRowIsReportedWithItsLineAndReason() {
        String future = Instant.now().plus(30, ChronoUnit.DAYS).toString();
        // Still within the account's inactivity period: a backend may not import what already expired.
        String lastSeen = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(200, ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS).toString();
        String csv = String.join("\n",
                "subjectId,purpose,collectedAt,lastActivityAt,contractEndAt,offerEndAt,dataCategories",
                a + ",account-registration,2021-03-01," + lastSeen + ",,,identity|contact",
                b + ",billing,2020-01-15T00:00:00Z,,2023-12-31,,",
                "jeanne.martin@example.fr,billing,2020-01-15,,,,",
                a + ",shoe-shopping,2020-01-15,,,,",
                a + ",prospection,15/01/2020,,,,",
                a + ",prospection," + future + ",,,,",
                a + ",prospection,2022-01-01,2021-01-01,,,",
                a + ",promotional-offers,2022-01-01,,,,",
                a + ",prospection,2022-01-01,,",
                "",
                b + ",prospection,2022-01-01,,,,shoe-size");
        importCsv(csv).statusCode(200)
                .body("rows", equalTo(10))
                .body("stored", equalTo(2))
                .body("rejected", equalTo(8))
                .body("errors.line", contains(4, 5, 6, 7, 8, 9, 10, 12))
                .body("errors.field", contains("subjectId", "purpose", "collectedAt", "collectedAt", "lastActivityAt",
                        "offerEndAt", null, "dataCategories"))
                .body(not(containsString("jeanne"))).body(not(containsString("15/01/2020")))
                .body(not(containsString("shoe")));

        inventory(a).body("entries.purpose", contains("account-registration"))
                .body("entries[0].source", equalTo("import"))
                .body("entries[0].collectedAt", equalTo("2021-03-01T00:00:00Z"))
                .body("entries[0].lastActivityAt", equalTo(lastSeen))
                .body("entries[0].dataCategories", containsInAnyOrder("identity", "contact"));
        inventory(b).body("entries.purpose", contains("billing"))
                .body("entries[0].contractEndAt", equalTo("2023-12-31T00:00:00Z"))
                .body("entries[0].expiresAt", equalTo("2033-12-31T00:00:00Z"));
    }

    @Test
    void aFileThatCannotBeReadIsRefusedWhole() {
        importCsv("").statusCode(400).contentType("application/problem+json");
        importCsv("subjectId,purpose,collectedAt,email\n" + a + ",billing,2020-01-01,x@example.fr").statusCode(400)
                .body("detail", containsString("Unknown column")).body(not(containsString("x@example.fr")));
        importCsv("subjectId,purpose\n" + a + ",billing").statusCode(400).body("detail", containsString("collectedAt"));
        inventory(a).body("entries", empty());
        given().auth().oauth2(TestTokens.dataSubject(a)).contentType("text/csv").body("subjectId,purpose,collectedAt\n")
                .post("/inventory/import").then().statusCode(403);
    }

    @Test
    void batchedActivityMovesTheClocksForward() {
        Instant t1 = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Instant t2 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        activity("{\"events\":[{\"subjectId\":\"" + a + "\",\"purpose\":\"service-provision\",\"at\":\"" + t1 + "\"},"
                + "{\"subjectId\":\"" + a + "\",\"purpose\":\"service-provision\",\"at\":\"" + t2 + "\"},"
                + "{\"subjectId\":\"" + b + "\",\"purpose\":\"prospection\",\"at\":\"" + t1 + "\"}]}")
                .statusCode(200).body("recorded", equalTo(3));
        inventory(a).body("entries[0].lastActivityAt", equalTo(t2.toString()))
                .body("entries[0].collectedAt", equalTo(t1.toString()))
                .body("entries[0].source", equalTo("activity"));
        inventory(b).body("entries[0].purpose", equalTo("prospection"));
    }

    @Test
    void aBatchWithABadEventIsRejectedWhole() {
        String c = "cust-" + UUID.randomUUID();
        activity("{\"events\":[{\"subjectId\":\"" + c + "\",\"purpose\":\"prospection\",\"at\":\"" + Instant.now() + "\"},"
                + "{\"subjectId\":\"" + c + "\",\"purpose\":\"shoe-shopping\",\"at\":\"" + Instant.now() + "\"},"
                + "{\"subjectId\":\"" + c + "\",\"purpose\":\"billing\",\"at\":\"" + Instant.now().plus(1, ChronoUnit.DAYS) + "\"}]}")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", contains("events[1].purpose", "events[2].at"));
        inventory(c).body("entries", empty());
        activity("{\"events\":[]}").statusCode(400);
        activity("{\"events\":[{\"subjectId\":\"" + c + "\",\"purpose\":\"billing\"}]}").statusCode(400);
    }

    private static ValidatableResponse activity(String json) {
        return given().auth().oauth2(TestTokens.inventoryRecorder()).contentType(ContentType.JSON).body(json)
                .post("/inventory/activity").then();
    }
}
