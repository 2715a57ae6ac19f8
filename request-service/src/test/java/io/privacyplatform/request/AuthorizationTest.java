package io.privacyplatform.request;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.function.Function;

import static io.privacyplatform.request.Api.ACCESS;
import static io.privacyplatform.request.Api.ERASURE;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.request.Api.rectificationReader;
import static io.privacyplatform.testkit.Problems.problem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * A subject sees and acts only on their own requests: for every endpoint a subject may call, another subject
 * gets the 404 of a request that does not exist, and the request is unchanged. The officer sees all; the
 * other endpoints refuse a subject's token outright.
 */
@QuarkusTest
class AuthorizationTest {

    private final String owner = "usr-" + UUID.randomUUID();
    private final String stranger = "usr-" + UUID.randomUUID();

    @Test
    void anotherSubjectCannotReadARequest() {
        String id = file(owner, ACCESS);
        notFoundFor(stranger, s -> s.get("/requests/{id}", id));
        as(owner).get("/requests/{id}", id).then().statusCode(200);
        officer().get("/requests/{id}", id).then().statusCode(200).body("subjectId", equalTo(owner));
    }

    @Test
    void anotherSubjectCannotReadAReceipt() {
        String id = file(owner, ERASURE);
        approve(id).statusCode(200);
        notFoundFor(stranger, s -> s.get("/requests/{id}/receipt", id));
        as(owner).get("/requests/{id}/receipt", id).then().statusCode(200);
        officer().get("/requests/{id}/receipt", id).then().statusCode(200);
    }

    @Test
    void anotherSubjectCannotWithdrawARequest() {
        String id = file(owner, ACCESS);
        notFoundFor(stranger, s -> s.post("/requests/{id}/withdraw", id));
        as(owner).get("/requests/{id}", id).then().statusCode(200).body("status", equalTo("FILED"));
        as(owner).post("/requests/{id}/withdraw", id).then().statusCode(200).body("history[-1].actor", equalTo(owner));
    }

    @Test
    void theOfficerRecordsAWithdrawalTheSubjectSentByMail() {
        String id = file(owner, ACCESS);
        officer().post("/requests/{id}/withdraw", id).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("history[-1].actor", equalTo(TestTokens.PRIVACY_OFFICER_ID));
    }

    @Test
    void anotherSubjectCannotVerifyARequestsAuditTrail() {
        String id = file(owner, ACCESS);
        notFoundFor(stranger, s -> s.get("/requests/{id}/audit/verify", id));
        as(owner).get("/requests/{id}/audit/verify", id).then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void anotherSubjectDoesNotSeeARequestInTheirList() {
        String id = file(owner, ACCESS);
        as(stranger).get("/requests?size=200").then().statusCode(200).body("items.id", not(hasItem(id)));
        as(owner).get("/requests?size=200").then().statusCode(200).body("items.id", hasItem(id));
        officer().get("/requests?status=FILED&type=ACCESS&size=200").then().statusCode(200).body("total", org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void aSubjectFilesOnlyForThemself() {
        // The subject comes from the token; a subjectId in the body is refused, not used.
        problem(as(owner).body("{\"type\":\"ACCESS\",\"subjectId\":\"" + stranger + "\"}").post("/requests").then(), 400)
                .body("errors[0].field", equalTo("subjectId"));
        as(owner).body(ACCESS).post("/requests").then().statusCode(201).body("subjectId", equalTo(owner));
    }

    @Test
    void theOfficersEndpointsRefuseASubjectsToken() {
        String id = file(owner, ACCESS);
        forbidden(as(owner).body(Api.ERASURE).post("/requests/on-behalf"));
        forbidden(as(owner).get("/requests/overdue"));
        forbidden(as(owner).get("/requests/due-soon"));
        forbidden(as(owner).get("/requests/attention"));
        forbidden(as(owner).get("/requests/audit/verify"));
        forbidden(as(owner).post("/requests/{id}/approve", id));
        forbidden(as(owner).body("{\"ground\":\"MANIFESTLY_UNFOUNDED\",\"text\":\"x\"}").post("/requests/{id}/reject", id));
        forbidden(as(owner).body("{\"months\":2,\"reason\":\"x\"}").post("/requests/{id}/extend", id));
        forbidden(as(owner).body("{\"outcome\":\"COMPLETED\"}").post("/requests/{id}/complete", id));
        forbidden(as(owner).body("{\"reason\":\"x\"}").post("/requests/{id}/restriction/lift", id));
        forbidden(as(owner).get("/requests/{id}/rectification", id));
        as(owner).get("/requests/{id}", id).then().statusCode(200).body("status", equalTo("FILED")).body("history.size()", equalTo(1));
    }

    @Test
    void theRectificationReaderReadsRectificationValuesAndNothingElse() {
        String id = file(owner, ACCESS);
        forbidden(rectificationReader().get("/requests/{id}", id));
        forbidden(rectificationReader().get("/requests"));
        forbidden(rectificationReader().body(ACCESS).post("/requests"));
        forbidden(officer().body(ACCESS).post("/requests"));
    }

    private static void notFoundFor(String subject, Function<RequestSpecification, io.restassured.response.Response> call) {
        problem(call.apply(as(subject)).then(), 404).body("detail", containsString("No request"));
    }

    private static void forbidden(io.restassured.response.Response response) {
        problem(response.then(), 403);
    }
}
