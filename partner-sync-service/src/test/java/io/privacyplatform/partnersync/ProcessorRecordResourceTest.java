package io.privacyplatform.partnersync;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ProcessorRecordResourceTest {

    private static final String PROBLEM = "application/problem+json";

    private static Map<String, Object> body(String subjectId, String partner, String objectType, String objectId) {
        Map<String, Object> body = new HashMap<>();
        body.put("subjectId", subjectId);
        body.put("partner", partner);
        body.put("objectType", objectType);
        body.put("objectId", objectId);
        body.put("purpose", "billing");
        return body;
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 14);
    }

    private static ExtractableResponse<Response> post(String token, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/processor-records").then().extract();
    }

    @Test
    void registersOnceListsAndAnswersARepeatWithTheSameRecord() {
        String subject = "usr_" + suffix();
        String customer = "cus_" + suffix();
        Map<String, Object> stripe = body(subject, "stripe", "customer", customer);
        stripe.put("createdAt", "2026-01-15T10:00:00Z");

        ExtractableResponse<Response> created = post(TestTokens.processorRecordRecorder(), stripe);
        assertEquals(201, created.statusCode());
        String id = created.path("id");
        assertTrue(created.header("Location").endsWith("/processor-records/" + id), created.header("Location"));
        assertEquals("2026-01-15T10:00:00Z", created.path("createdAt"));

        ExtractableResponse<Response> repeated = post(TestTokens.processorRecordRecorder(), stripe);
        assertEquals(200, repeated.statusCode(), "same object, same subject: idempotent");
        assertEquals(id, repeated.path("id"));

        assertEquals(201, post(TestTokens.processorRecordRecorder(), body(subject, "openai", "vector_store", "vs_" + suffix())).statusCode());

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subject)
                .get("/processor-records")
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("objectType", hasItem("vector_store"))
                .body("find { it.id == '" + id + "' }.objectId", equalTo(customer))
                .body("find { it.id == '" + id + "' }.erasedAt", nullValue());

        given().auth().oauth2(TestTokens.privacyOfficer()).get("/processor-records/" + id)
                .then().statusCode(200).body("partner", is("stripe"));
    }

    @Test
    void theSameObjectCannotBelongToTwoSubjects() {
        String contact = String.valueOf(System.nanoTime());
        assertEquals(201, post(TestTokens.processorRecordRecorder(), body("usr_" + suffix(), "hubspot", "contact", contact)).statusCode());

        ExtractableResponse<Response> conflict = post(TestTokens.processorRecordRecorder(), body("usr_" + suffix(), "hubspot", "contact", contact));
        assertEquals(409, conflict.statusCode());
        assertEquals(PROBLEM, conflict.contentType());
        assertEquals(409, (int) conflict.path("status"));
    }

    @Test
    void badInputIsAProblemNeverA500() {
        String subject = "usr_" + suffix();

        Map<String, Object> missing = body(subject, "stripe", "customer", "cus_" + suffix());
        missing.remove("objectId");
        missing.put("purpose", "Billing of Ada");
        given().auth().oauth2(TestTokens.processorRecordRecorder()).contentType(ContentType.JSON).body(missing)
                .post("/processor-records")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors.field", hasItem("objectId"))
                .body("errors.field", hasItem("purpose"));

        given().auth().oauth2(TestTokens.processorRecordRecorder()).contentType(ContentType.JSON).body("{\"subjectId\": ")
                .post("/processor-records")
                .then().statusCode(400).contentType(PROBLEM).body("title", is("Malformed JSON"));

        given().auth().oauth2(TestTokens.processorRecordRecorder()).contentType(ContentType.JSON)
                .body(body(subject, "salesforce", "contact", "003"))
                .post("/processor-records")
                .then().statusCode(422).contentType(PROBLEM).body("detail", containsString("allowed: hubspot, openai, stripe."));

        given().auth().oauth2(TestTokens.processorRecordRecorder()).contentType(ContentType.JSON)
                .body(body(subject, "openai", "assistant", "asst_1"))
                .post("/processor-records")
                .then().statusCode(422).contentType(PROBLEM).body("detail", containsString("vector_store"));

        // An email address where an id belongs is refused, and not echoed back.
        given().auth().oauth2(TestTokens.processorRecordRecorder()).contentType(ContentType.JSON)
                .body(body(subject, "hubspot", "contact", "ada@example.com"))
                .post("/processor-records")
                .then().statusCode(422).contentType(PROBLEM).body(not(containsString("ada@example.com")));

        given().auth().oauth2(TestTokens.privacyOfficer()).get("/processor-records")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("subjectId"));

        given().auth().oauth2(TestTokens.privacyOfficer()).get("/processor-records/" + UUID.randomUUID())
                .then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void aTokenWithTheRightRoleIsRequired() {
        Map<String, Object> body = body("usr_" + suffix(), "stripe", "customer", "cus_" + suffix());

        given().contentType(ContentType.JSON).body(body).post("/processor-records")
                .then().statusCode(401).contentType(PROBLEM).header("WWW-Authenticate", containsString("Bearer"));
        given().get("/processor-records?subjectId=usr_x").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2("not-a-jwt").get("/processor-records?subjectId=usr_x").then().statusCode(401);

        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON).body(body)
                .post("/processor-records").then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.dataSubject("someone")).contentType(ContentType.JSON).body(body)
                .post("/processor-records").then().statusCode(403);
        given().auth().oauth2(TestTokens.processorRecordRecorder()).get("/processor-records?subjectId=usr_x")
                .then().statusCode(403).contentType(PROBLEM);
    }
}
