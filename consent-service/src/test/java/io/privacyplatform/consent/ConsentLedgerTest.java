package io.privacyplatform.consent;

import io.privacyplatform.devinfra.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** Grants and withdrawals are kept with their proof: who, when, how, which policy version (GDPR Art. 7(1)). */
@QuarkusTest
class ConsentLedgerTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void aWithdrawalSupersedesTheGrantAndBothStayAsProof() {
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().statusCode(200)
                .body("subjectId", equalTo(subjectId)).body("current", empty()).body("history", empty());

        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then().statusCode(201)
                .body("purpose", equalTo("marketing-email"))
                .body("granted", equalTo(true))
                .body("source", equalTo("platform-settings"))
                .body("policyVersion", equalTo("1.0"))
                .body("recordedBy", equalTo(subjectId))
                .body("recordedAt", notNullValue());

        // A DPO-recorded email request arrives through a platform backend, naming the subject.
        given().auth().oauth2(TestTokens.platform()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false,"
                        + "\"source\":\"email-request\",\"policyVersion\":\"1.0\"}")
                .post("/consents").then().statusCode(201).body("recordedBy", equalTo("svc-web"));

        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().statusCode(200)
                .body("current", hasSize(1))
                .body("current[0].purpose", equalTo("marketing-email"))
                .body("current[0].granted", equalTo(false))
                .body("current[0].source", equalTo("email-request"))
                .body("history.granted", contains(true, false))
                .body("history.source", contains("platform-settings", "email-request"))
                .body("history.recordedBy", contains(subjectId, "svc-web"));

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/consents").then()
                .statusCode(200).body("history", hasSize(2));
    }

    @Test
    void aSubjectMayNameThemselves() {
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":true}")
                .post("/consents").then().statusCode(201);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).queryParam("subjectId", subjectId).get("/consents")
                .then().statusCode(200).body("history", hasSize(1));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("platform_outbox_pending"));
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/consents"));
    }
}
