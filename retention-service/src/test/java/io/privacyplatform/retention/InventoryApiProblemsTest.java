package io.privacyplatform.retention;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Bad input gets a clear RFC 9457 answer, never a 500 or a stack trace. */
@QuarkusTest
class InventoryApiProblemsTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void unknownPurposeIsA400NamingTheEightPurposes() {
        problem(post(TestTokens.inventoryRecorder(), body("shoe-shopping", "\"identity\"")), 400)
                .body("errors[0].field", equalTo("purpose"))
                .body("detail", containsString("account-registration"))
                .body("detail", containsString("data-subject-rights"))
                .body(not(containsString("shoe-shopping")));
    }

    @Test
    void unknownDataCategoryIsA400() {
        problem(post(TestTokens.inventoryRecorder(), body("billing", "\"identity\",\"shoe-size\"")), 400)
                .body("errors[0].field", equalTo("dataCategories"))
                .body("detail", containsString("connection"))
                .body(not(containsString("shoe-size")));
    }

    @Test
    void malformedJsonIsA400() {
        problem(post(TestTokens.inventoryRecorder(), "{\"subjectId\": "), 400)
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void missingOrMistypedFieldsAreA400() {
        problem(post(TestTokens.inventoryRecorder(), "{\"purpose\":\"billing\",\"dataCategories\":[\"identity\"]}"), 400)
                .body("errors[0].field", equalTo("subjectId"));
        problem(post(TestTokens.inventoryRecorder(), body("billing", "")), 400)
                .body("errors[0].field", equalTo("dataCategories"));
        problem(post(TestTokens.inventoryRecorder(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"billing\",\"dataCategories\":[\"identity\"],"
                + "\"collectedAt\":\"yesterday\"}"), 400)
                .body("errors[0].field", equalTo("collectedAt"));
    }

    @Test
    void anEmailAddressIsNotASubjectId() {
        problem(post(TestTokens.inventoryRecorder(), "{\"subjectId\":\"alice.martin@example.fr\",\"purpose\":\"billing\",\"dataCategories\":[\"contact\"]}"), 400)
                .body("errors[0].field", equalTo("subjectId"))
                .body(not(containsString("alice")));
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", "bob@example.fr").get("/inventory").then(), 400)
                .body(not(containsString("bob")));
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).get("/inventory").then(), 400)
                .body("errors[0].field", equalTo("subjectId"));
    }

    @Test
    void impossibleClocksAreA422() {
        Instant now = Instant.now();
        problem(post(TestTokens.inventoryRecorder(), timed(now.plus(1, ChronoUnit.DAYS), null)), 422);
        problem(post(TestTokens.inventoryRecorder(), timed(now.minus(10, ChronoUnit.DAYS), now.minus(20, ChronoUnit.DAYS))), 422)
                .body("detail", containsString("lastActivityAt"));
        problem(post(TestTokens.inventoryRecorder(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"billing\",\"dataCategories\":[\"identity\"],"
                + "\"collectedAt\":\"" + now.minus(10, ChronoUnit.DAYS) + "\",\"contractEndAt\":\"" + now.minus(20, ChronoUnit.DAYS) + "\"}"), 422)
                .body("errors[0].field", equalTo("contractEndAt"));
        problem(post(TestTokens.inventoryRecorder(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"promotional-offers\",\"dataCategories\":[\"contact\"]}"), 422)
                .body("errors[0].field", equalTo("offerEndAt"));
    }

    @Test
    void missingTokenIsA401AndWrongRoleA403() {
        problem(given().contentType(ContentType.JSON).body(body("billing", "\"identity\"")).post("/inventory").then(), 401)
                .header("WWW-Authenticate", containsString("Bearer"));
        problem(given().auth().oauth2("not-a-jwt").queryParam("subjectId", subjectId).get("/inventory").then(), 401);
        // request-service's service account may read holds, not record inventory (the officer may: ExpiredInventoryTest).
        problem(post(TestTokens.holdReader(), body("billing", "\"identity\"")), 403);
        problem(post(TestTokens.dataSubject(subjectId), body("billing", "\"identity\"")), 403);
        problem(given().auth().oauth2(TestTokens.inventoryRecorder()).queryParam("subjectId", subjectId).get("/inventory").then(), 403);
    }

    @Test
    void aSubjectCannotReadSomeoneElsesInventory() {
        String other = "usr-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.inventoryRecorder()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + other + "\",\"purpose\":\"billing\",\"dataCategories\":[\"identity\"]}")
                .post("/inventory").then().statusCode(201);

        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).queryParam("subjectId", other).get("/inventory").then(), 403)
                .body(not(containsString(other)))
                .body(not(containsString("billing")));
    }

    private String body(String purpose, String categories) {
        return "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"" + purpose + "\",\"dataCategories\":[" + categories + "]}";
    }

    private String timed(Instant collectedAt, Instant lastActivityAt) {
        return "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"billing\",\"dataCategories\":[\"identity\"],"
                + "\"collectedAt\":\"" + collectedAt + "\""
                + (lastActivityAt == null ? "" : ",\"lastActivityAt\":\"" + lastActivityAt + "\"") + "}";
    }

    private static ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/inventory").then();
    }
}
