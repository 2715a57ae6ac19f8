package io.privacyplatform.consent;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Bad input gets a clear RFC 9457 answer, never a 500 or a stack trace. */
@QuarkusTest
class ConsentApiProblemsTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void unknownPurposeIsA400NamingTheAllowedPurposes() {
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"sell-my-data\",\"granted\":true}"), 400)
                .body("errors[0].field", equalTo("purpose"))
                .body("detail", containsString("marketing-email"))
                .body(not(containsString("sell-my-data")));
    }

    @Test
    void unknownSourceIsA400() {
        problem(post(TestTokens.consentRecorder(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false,\"source\":\"carrier-pigeon\"}"), 400)
                .body("errors[0].field", equalTo("source"))
                .body("detail", containsString("one-click-unsubscribe"));
    }

    @Test
    void malformedJsonIsA400() {
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\": "), 400)
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void missingGrantedAndWrongTypesAreA400() {
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\"}"), 400)
                .body("errors[0].field", equalTo("granted"));
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":[1]}"), 400)
                .body("errors[0].field", equalTo("granted"));
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":true,\"policyVersion\":\"latest\"}"), 400)
                .body("errors[0].field", equalTo("policyVersion"));
    }

    @Test
    void thePlatformMustNameAPseudonymousSubject() {
        problem(post(TestTokens.consentRecorder(), "{\"purpose\":\"marketing-email\",\"granted\":true}"), 400)
                .body("errors[0].field", equalTo("subjectId"));
        problem(post(TestTokens.consentRecorder(), "{\"subjectId\":\"alice.martin@example.fr\",\"purpose\":\"marketing-email\",\"granted\":true}"), 400)
                .body("errors[0].field", equalTo("subjectId"))
                .body(not(containsString("alice")));
    }

    @Test
    void aDataSubjectRecordsFromThePlatformSettingsOnly() {
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":true,\"source\":\"email-request\"}"), 422);
    }

    @Test
    void missingTokenIsA401AndWrongRoleA403() {
        problem(given().contentType(ContentType.JSON).body("{\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then(), 401)
                .header("WWW-Authenticate", containsString("Bearer"));
        problem(given().auth().oauth2("not-a-jwt").get("/consents").then(), 401);
        problem(post(TestTokens.token("ops-1", "operator"), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":true}"), 403);
        problem(given().auth().oauth2(TestTokens.consentRecorder()).queryParam("subjectId", subjectId).get("/consents").then(), 403);
        problem(given().auth().oauth2(TestTokens.token("ops-1", "operator")).get("/consents").then(), 403);
    }

    @Test
    void aSubjectCannotReadOrWriteSomeoneElsesConsents() {
        String other = "usr-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.dataSubject(other)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":true}").post("/consents").then().statusCode(201);

        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).queryParam("subjectId", other).get("/consents").then(), 403)
                .body(not(containsString(other)));
        problem(post(TestTokens.dataSubject(subjectId), "{\"subjectId\":\"" + other + "\",\"purpose\":\"marketing-email\",\"granted\":false}"), 403);

        // The other subject's consent is untouched and only theirs to see.
        given().auth().oauth2(TestTokens.dataSubject(other)).get("/consents").then().statusCode(200)
                .body("current[0].granted", equalTo(true));
    }

    @Test
    void thePrivacyOfficerMustNameAValidSubject() {
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).get("/consents").then(), 400)
                .body("errors[0].field", equalTo("subjectId"));
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", "bob@example.fr").get("/consents").then(), 400)
                .body(not(containsString("bob")));
    }

    @Test
    void withdrawingWhatWasNeverGrantedIsNotAnError() {
        post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":false}").statusCode(204);
        post(TestTokens.privacyOfficer(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false}")
                .statusCode(204);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().statusCode(200)
                .body("history", org.hamcrest.Matchers.empty());
    }

    @Test
    void aNoticeThatWasNotPublishedIsA422() {
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":true,\"policyVersion\":\"9.9\"}"), 422)
                .body("errors[0].field", equalTo("policyVersion"));
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":true,\"noticeHash\":\""
                + "0".repeat(64) + "\"}"), 422)
                .body("errors[0].field", equalTo("noticeHash"));
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":true,\"noticeHash\":\"abc\"}"), 400)
                .body("errors[0].field", equalTo("noticeHash"));
    }

    @Test
    void eachRoleUsesItsOwnChannels() {
        problem(post(TestTokens.privacyOfficer(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":true}"), 422)
                .body("detail", containsString("withdrawals only"));
        problem(post(TestTokens.privacyOfficer(), "{\"purpose\":\"marketing-email\",\"granted\":false}"), 400)
                .body("errors[0].field", equalTo("subjectId"));
        problem(post(TestTokens.consentRecorder(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false,\"source\":\"one-click-unsubscribe\"}"), 422);
        problem(post(TestTokens.dataSubject(subjectId), "{\"purpose\":\"marketing-email\",\"granted\":true,\"email\":\"me@example.fr\"}"), 400)
                .body("errors[0].field", equalTo("email"))
                .body(not(containsString("me@example.fr")));
    }

    @Test
    void aPartnerGrantNamesThePartnerAndAReferenceToTheEvidence() {
        String partner = "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"partner-referral\",\"granted\":true,\"source\":\"partner\"";
        problem(post(TestTokens.consentRecorder(), partner + ",\"evidence\":\"req-1\"}"), 400).body("errors[0].field", equalTo("partner"));
        problem(post(TestTokens.consentRecorder(), partner + ",\"partner\":\"acme\"}"), 400).body("errors[0].field", equalTo("evidence"));
        problem(post(TestTokens.consentRecorder(), partner + ",\"partner\":\"acme\",\"evidence\":\"alice@example.fr said yes\"}"), 400)
                .body("errors[0].field", equalTo("evidence"))
                .body(not(containsString("alice")));
        problem(post(TestTokens.consentRecorder(), partner + ",\"partner\":\"acme\",\"evidence\":\"req-1\",\"email\":\"not an address\"}"), 400)
                .body("errors[0].field", equalTo("email"))
                .body(not(containsString("not an address")));
        problem(post(TestTokens.consentRecorder(), "{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false,"
                + "\"source\":\"partner\",\"partner\":\"acme\",\"evidence\":\"req-1\"}"), 422);
    }

    @Test
    void batchesOverTheLimitAreA400NamingTheField() {
        // The test profile sets consent.batch-limit=50.
        String ids = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "\"usr-" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        problem(given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"subjectIds\":[" + ids + "]}").post("/consents/effective").then(), 400)
                .body("errors[0].field", equalTo("subjectIds"));
        String emails = java.util.stream.IntStream.range(0, 51).mapToObj(i -> "\"p" + i + "@example.fr\"")
                .collect(java.util.stream.Collectors.joining(","));
        problem(given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body("{\"emails\":[" + emails + "]}").post("/suppressions/check").then(), 400)
                .body("errors[0].field", equalTo("emails"))
                .body(not(containsString("example.fr")));
        problem(given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body("{\"purpose\":\"sell-my-data\",\"subjectIds\":[\"usr-1\"]}").post("/consents/effective").then(), 400)
                .body("errors[0].field", equalTo("purpose"));
        problem(given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"subjectIds\":[\"bob@example.fr\"]}").post("/consents/effective").then(), 400)
                .body(not(containsString("bob@")));
    }

    private static ValidatableResponse post(String token, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/consents").then();
    }
}
