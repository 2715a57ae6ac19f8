package io.privacyplatform.request;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Bad input gets a clear RFC 9457 answer, never a 500 or a stack trace. */
@QuarkusTest
class RequestApiProblemsTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void unknownRequestTypeIsA400NamingTheAllowedTypes() {
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"type\":\"FORGET_ME_MAYBE\"}").post("/requests").then(), 400)
                .body("errors[0].field", equalTo("type"))
                .body("detail", containsString("ERASURE"));
    }

    @Test
    void malformedJsonIsA400() {
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"type\": ").post("/requests").then(), 400)
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void missingTypeIsA400() {
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{}").post("/requests").then(), 400)
                .body("errors[0].field", containsString("type"));
    }

    @Test
    void anHeirRequestFromADataSubjectIsA422SendingThemToThePrivacyOfficer() {
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("""
                        {"type":"HEIR","dateOfDeath":"2026-01-12","ask":"CLOSE_ACCOUNT",
                         "proofOfDeath":{"kind":"DEATH_CERTIFICATE","reference":"x-1"},
                         "heir":{"name":"Paul","relationship":"son"},
                         "proofOfHeirship":{"kind":"ACT_OF_NOTORIETY","reference":"y-2"}}""")
                .post("/requests").then(), 422)
                .body("errors[0].field", equalTo("type"))
                .body("detail", containsString("privacy officer"));
    }

    @Test
    void missingTokenIsA401AndWrongRoleA403() {
        problem(given().contentType(ContentType.JSON).body("{\"type\":\"ERASURE\"}").post("/requests").then(), 401)
                .header("WWW-Authenticate", containsString("Bearer"));
        problem(given().auth().oauth2("not-a-jwt").contentType(ContentType.JSON).body("{\"type\":\"ERASURE\"}")
                .post("/requests").then(), 401);
        problem(given().auth().oauth2(TestTokens.rectificationReader()).contentType(ContentType.JSON)
                .body("{\"type\":\"ERASURE\"}").post("/requests").then(), 403);
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).post("/requests/{id}/approve", UUID.randomUUID())
                .then(), 403);
    }

    @Test
    void approvingAnUnknownRequestIsA404AndTwiceA409() {
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", UUID.randomUUID()).then(), 404);
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/not-a-uuid/approve").then(), 404);

        String id = file();
        given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", id).then().statusCode(200);
        problem(given().auth().oauth2(TestTokens.privacyOfficer()).post("/requests/{id}/approve", id).then(), 409)
                .body("detail", containsString("IN_PROGRESS"));
    }

    @Test
    void aSecondOpenErasureIsFiledAndLinkedToTheFirst() {
        String id = file();
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"type\":\"ERASURE\"}").post("/requests").then().statusCode(201)
                .body("status", equalTo("FILED"))
                .body("duplicateOf", equalTo(id))
                .body("notices[0].kind", equalTo("DUPLICATE"))
                .body("history[0].note", containsString("duplicate of open request " + id));
    }

    @Test
    void aSubjectCannotSeeSomeoneElsesRequest() {
        String id = file();
        problem(given().auth().oauth2(TestTokens.dataSubject("usr-" + UUID.randomUUID())).get("/requests/{id}", id).then(), 404);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/requests/{id}", id).then().statusCode(200);
    }

    @Test
    void receiptBeforeApprovalIsA409() {
        String id = file();
        problem(given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/requests/{id}/receipt", id).then(), 409)
                .body("detail", containsString("no erasure order"));
    }

    private String file() {
        return given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"type\":\"ERASURE\"}").post("/requests").then().statusCode(201).extract().path("id");
    }
}
