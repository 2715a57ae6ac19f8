package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * A backend alone cannot trigger an erasure: an inventory entry whose retention has already run out (the next sweep
 * would erase the subject's data for it) is refused for the inventory recorder, single, in a batch or in an import;
 * the privacy officer may still record it.
 */
@QuarkusTest
class ExpiredInventoryTest {

    // prospection: three years after the last contact (policy); four years ago is expired, one year ago is not.
    private final Instant longAgo = Instant.now().atOffset(ZoneOffset.UTC).minusYears(4).toInstant();
    private final Instant lastYear = Instant.now().atOffset(ZoneOffset.UTC).minusYears(1).toInstant();

    @Test
    void aSingleExpiredEntryIsRefusedForTheBackendAndAcceptedForTheOfficer() {
        String subject = "usr-" + UUID.randomUUID();
        problem(register(TestTokens.inventoryRecorder(), subject, longAgo), 422)
                .body("detail", containsString("already expired")).body("errors[0].field", equalTo("lastActivityAt"));
        inventory(subject).body("entries", hasSize(0));

        register(TestTokens.privacyOfficer(), subject, longAgo).statusCode(201);
        inventory(subject).body("entries", hasSize(1));

        String current = "usr-" + UUID.randomUUID();
        register(TestTokens.inventoryRecorder(), current, lastYear).statusCode(201);
    }

    @Test
    void anExpiredActivityRefusesItsBatch() {
        String fresh = "usr-" + UUID.randomUUID();
        String expired = "usr-" + UUID.randomUUID();
        problem(given().auth().oauth2(TestTokens.inventoryRecorder()).contentType(ContentType.JSON)
                .body("{\"events\":[{\"subjectId\":\"" + fresh + "\",\"purpose\":\"prospection\",\"at\":\"" + lastYear + "\"},"
                        + "{\"subjectId\":\"" + expired + "\",\"purpose\":\"prospection\",\"at\":\"" + longAgo + "\"}]}")
                .post("/inventory/activity").then(), 422).body("errors[0].field", equalTo("events[1].at"));
        inventory(fresh).body("entries", hasSize(0));
        inventory(expired).body("entries", hasSize(0));
    }

    @Test
    void anImportWithAnExpiredRowIsRefusedForTheBackendAndStoredForTheOfficer() {
        String current = "usr-" + UUID.randomUUID();
        String expired = "usr-" + UUID.randomUUID();
        String csv = "subjectId,purpose,collectedAt,lastActivityAt\n"
                + current + ",prospection," + lastYear + "," + lastYear + "\n"
                + expired + ",prospection," + longAgo + "," + longAgo + "\n";
        problem(importCsv(TestTokens.inventoryRecorder(), csv), 422).body("errors[0].field", equalTo("line 3"));
        inventory(current).body("entries", hasSize(0));

        importCsv(TestTokens.privacyOfficer(), csv).statusCode(200).body("stored", equalTo(2));
        inventory(expired).body("entries", hasSize(1));
    }

    private static ValidatableResponse register(String token, String subject, Instant lastContact) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subject + "\",\"purpose\":\"prospection\",\"dataCategories\":[\"contact\"],"
                        + "\"collectedAt\":\"" + lastContact + "\",\"lastActivityAt\":\"" + lastContact + "\"}")
                .post("/inventory").then();
    }

    private static ValidatableResponse importCsv(String token, String csv) {
        return given().auth().oauth2(token).contentType("text/csv").body(csv).post("/inventory/import").then();
    }

    private static ValidatableResponse inventory(String subject) {
        return given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject).get("/inventory").then()
                .statusCode(200);
    }
}
