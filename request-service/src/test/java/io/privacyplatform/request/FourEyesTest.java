package io.privacyplatform.request;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.privacyplatform.testkit.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Four eyes on (issue 15): an erasure filed on someone's behalf and an heir's request execute only on a second
 * officer's approval, neither the one who filed it nor the first approver; everything else approves as before.
 */
@QuarkusTest
@TestProfile(FourEyesProfile.class)
class FourEyesTest {

    private static final String FILER = TestTokens.PRIVACY_OFFICER_ID;
    private final String subjectId = "usr-4eyes-" + UUID.randomUUID();

    @Test
    void theFilerAloneCannotApproveAnErasureFiledOnBehalf() {
        String id = fileErasureOnBehalf();
        officer(FILER).post("/requests/{id}/approve", id).then().statusCode(200)
                .body("status", equalTo("FILED"))
                .body("fourEyes.required", equalTo(true))
                .body("fourEyes.awaitingSecondOfficer", equalTo(true))
                .body("fourEyes.firstApprovedBy", equalTo(FILER))
                .body("fourEyes.firstApprovedAt", notNullValue())
                .body("history.kind", hasItem("FIRST_APPROVAL"));

        problem(officer(FILER).post("/requests/{id}/approve", id).then(), 409)
                .body("detail", containsString("filed this request and gave its first approval"));
        Api.view(id).body("status", equalTo("FILED"));
        assertEquals(0L, orders(id), "nothing ordered on one officer's word");
    }

    @Test
    void theSameOfficerApprovingTwiceIsRefusedAndTheFilerCannotGiveTheSecondApproval() {
        String id = fileErasureOnBehalf();
        officer("dpo-2").post("/requests/{id}/approve", id).then().statusCode(200).body("status", equalTo("FILED"))
                .body("fourEyes.firstApprovedBy", equalTo("dpo-2"));

        problem(officer("dpo-2").post("/requests/{id}/approve", id).then(), 409)
                .body("detail", containsString("already gave the first approval"));
        problem(officer(FILER).post("/requests/{id}/approve", id).then(), 409)
                .body("detail", containsString("filed this request and cannot give its second approval"));
        Api.view(id).body("status", equalTo("FILED")).body("fourEyes.awaitingSecondOfficer", equalTo(true));
        assertEquals(0L, orders(id));
    }

    @Test
    void twoOfficersApproveAndTheErasureIsOrderedOnce() {
        String id = fileErasureOnBehalf();
        officer(FILER).post("/requests/{id}/approve", id).then().statusCode(200).body("status", equalTo("FILED"));
        officer("dpo-2").get("/requests/attention").then().statusCode(200)
                .body("awaitingSecondOfficer.id", hasItem(id))
                .body("awaitingSecondOfficer.find { it.id == '" + id + "' }.firstApprovedBy", equalTo(FILER));

        officer("dpo-2").post("/requests/{id}/approve", id).then().statusCode(200)
                .body("status", equalTo("IN_PROGRESS"))
                .body("fourEyes.awaitingSecondOfficer", equalTo(false))
                .body("fourEyes.firstApprovedBy", equalTo(FILER))
                .body("history.find { it.kind == 'APPROVED' }.actor", equalTo("dpo-2"))
                .body("history.find { it.kind == 'APPROVED' }.note", containsString("first by " + FILER));
        assertEquals(1L, orders(id));
        officer("dpo-2").get("/requests/attention").then().statusCode(200)
                .body("awaitingSecondOfficer.id", not(hasItem(id)));
        officer(FILER).get("/requests/{id}/audit/verify", id).then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void anHeirsRequestNeedsTwoOfficersToo() {
        String id = Api.fileOnBehalf(subjectId, "PROOF_OF_DEATH_AND_HEIRSHIP", RequestTypesTest.heir("CLOSE_ACCOUNT"));
        officer("dpo-3").post("/requests/{id}/approve", id).then().statusCode(200).body("status", equalTo("FILED"))
                .body("fourEyes.awaitingSecondOfficer", equalTo(true));
        officer("dpo-2").post("/requests/{id}/approve", id).then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        assertEquals(1L, orders(id), "the heir's closure became one erasure order");
    }

    @Test
    void anyOfficerStillRejectsARequestAwaitingItsSecondApproval() {
        String id = fileErasureOnBehalf();
        officer("dpo-2").post("/requests/{id}/approve", id).then().statusCode(200).body("status", equalTo("FILED"));
        officer("dpo-2").body("{\"ground\":\"MANIFESTLY_UNFOUNDED\",\"text\":\"The identity check did not hold.\"}")
                .post("/requests/{id}/reject", id).then().statusCode(200).body("status", equalTo("REJECTED"));
        problem(officer("dpo-3").post("/requests/{id}/approve", id).then(), 409);
        assertEquals(0L, orders(id));

        String other = fileErasureOnBehalf();
        officer(FILER).body("{\"ground\":\"MANIFESTLY_UNFOUNDED\",\"text\":\"Filed twice by mistake.\"}")
                .post("/requests/{id}/reject", other).then().statusCode(200).body("status", equalTo("REJECTED"));
    }

    @Test
    void aSubjectsOwnErasureStillNeedsOneOfficer() {
        String id = Api.file(subjectId, Api.ERASURE);
        Api.view(id).body("fourEyes", nullValue());
        officer(FILER).post("/requests/{id}/approve", id).then().statusCode(200).body("status", equalTo("IN_PROGRESS"));
        as(subjectId).get("/requests/{id}", id).then().statusCode(200).body("fourEyes", nullValue());
    }

    private String fileErasureOnBehalf() {
        return Api.fileOnBehalf(subjectId, "ID_DOCUMENT", Api.ERASURE);
    }

    private static long orders(String requestId) {
        return ((Number) Api.sqlValue("select count(*) from platform_outbox where topic = 'erasure-ordered' and payload like ?1",
                "%" + requestId + "%")).longValue();
    }

    private static RequestSpecification officer(String subject) {
        return given().auth().oauth2(TestTokens.token(subject, TestTokens.PRIVACY_OFFICER)).contentType(ContentType.JSON);
    }

    private static RequestSpecification as(String subject) {
        return Api.as(subject);
    }
}
