package io.privacyplatform.request;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.privacyplatform.request.Api.ACCESS;
import static io.privacyplatform.request.Api.ERASURE;
import static io.privacyplatform.request.Api.approve;
import static io.privacyplatform.request.Api.as;
import static io.privacyplatform.request.Api.file;
import static io.privacyplatform.request.Api.officer;
import static io.privacyplatform.testkit.Problems.problem;
import static io.privacyplatform.request.Api.view;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From filing to a terminal state: every transition dated and signed, deadlines and their one extension. */
@QuarkusTest
class LifecycleTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void anExtensionAddsOneOrTwoMonthsFromReceiptOnceWithAReasonTheSubjectReads() {
        String id = file(subjectId, ACCESS);
        LocalDate receivedOn = LocalDate.now(PARIS);
        officer().body("{\"months\":2,\"reason\":\"Data held by three partners must be collected.\"}")
                .post("/requests/{id}/extend", id).then().statusCode(200)
                .body("dueOn", equalTo(receivedOn.plusMonths(3).toString()))
                .body("firstDueOn", equalTo(receivedOn.plusMonths(1).toString()))
                .body("extension.months", equalTo(2))
                .body("extension.by", equalTo(TestTokens.PRIVACY_OFFICER_ID));

        as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("notices.kind", hasItem("EXTENDED"))
                .body("notices.find { it.kind == 'EXTENDED' }.text", containsString("Data held by three partners must be collected."))
                .body("notices.find { it.kind == 'EXTENDED' }.text", containsString(receivedOn.plusMonths(3).toString()))
                .body("history.kind", contains("FILED", "EXTENDED"))
                .body("history[1].actor", equalTo(TestTokens.PRIVACY_OFFICER_ID))
                .body("history[1].at", notNullValue());

        problem(officer().body("{\"months\":1,\"reason\":\"again\"}").post("/requests/{id}/extend", id).then(), 409)
                .body("detail", containsString("already extended"));
    }

    @Test
    void anExtensionAfterTheFirstDeadlineIsRefused() {
        String id = file(subjectId, ACCESS);
        Api.fileDaysAgo(id, 40);
        problem(officer().body("{\"months\":1,\"reason\":\"too late\"}").post("/requests/{id}/extend", id).then(), 422)
                .body("errors[0].field", equalTo("months"))
                .body("detail", containsString("has passed"));
    }

    @Test
    void anExtensionNeedsOneOrTwoMonthsAndAReasonAndAnOpenRequest() {
        String id = file(subjectId, ACCESS);
        problem(officer().body("{\"months\":3,\"reason\":\"x\"}").post("/requests/{id}/extend", id).then(), 400)
                .body("errors[0].field", equalTo("months"));
        problem(officer().body("{\"months\":1}").post("/requests/{id}/extend", id).then(), 400)
                .body("errors[0].field", equalTo("reason"));
        problem(officer().body("{\"months\":1,\"reason\":\"" + "x".repeat(2001) + "\"}").post("/requests/{id}/extend", id).then(), 400)
                .body("errors[0].field", equalTo("reason"));
        as(subjectId).post("/requests/{id}/withdraw", id).then().statusCode(200);
        problem(officer().body("{\"months\":1,\"reason\":\"x\"}").post("/requests/{id}/extend", id).then(), 409)
                .body("detail", containsString("WITHDRAWN"));
    }

    @Test
    void aRefusalStatesItsLegalGroundAndTheRightToComplainToTheCnil() {
        String id = file(subjectId, ERASURE);
        officer().body("{\"ground\":\"LEGAL_CLAIMS\",\"text\":\"A dispute about invoice 2025-118 is pending.\"}")
                .post("/requests/{id}/reject", id).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("closedAt", notNullValue());

        as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("rejection.ground", equalTo("LEGAL_CLAIMS"))
                .body("rejection.article", equalTo("GDPR Art. 17(3)(e)"))
                .body("rejection.text", equalTo("A dispute about invoice 2025-118 is pending."))
                .body("rejection.complaint", containsString("https://www.cnil.fr"))
                .body("notices.find { it.kind == 'REJECTED' }.text", containsString("cnil.fr"))
                .body("history.kind", contains("FILED", "REJECTED"))
                .body("history[1].note", equalTo("LEGAL_CLAIMS (GDPR Art. 17(3)(e))"));

        problem(approve(id), 409).body("detail", containsString("REJECTED"));
        problem(officer().body("{\"ground\":\"LEGAL_CLAIMS\",\"text\":\"again\"}").post("/requests/{id}/reject", id).then(), 409);
    }

    @Test
    void erasureExemptionsCannotRefuseOtherRightsButArticle12_5Can() {
        String access = file(subjectId, ACCESS);
        problem(officer().body("{\"ground\":\"LEGAL_OBLIGATION\",\"text\":\"x\"}").post("/requests/{id}/reject", access).then(), 422)
                .body("errors[0].field", equalTo("ground"));
        problem(officer().body("{\"ground\":\"BECAUSE\",\"text\":\"x\"}").post("/requests/{id}/reject", access).then(), 400)
                .body("errors[0].field", equalTo("ground"))
                .body("errors[0].message", containsString("MANIFESTLY_EXCESSIVE"));
        problem(officer().body("{\"ground\":\"MANIFESTLY_EXCESSIVE\"}").post("/requests/{id}/reject", access).then(), 400)
                .body("errors[0].field", equalTo("text"));
        officer().body("{\"ground\":\"MANIFESTLY_EXCESSIVE\",\"text\":\"Twelfth identical request this month.\"}")
                .post("/requests/{id}/reject", access).then().statusCode(200).body("status", equalTo("REJECTED"));
    }

    @Test
    void anErasureWhoseOrderIsOutCanNeitherBeRejectedNorWithdrawn() {
        String id = file(subjectId, ERASURE);
        approve(id).statusCode(200);
        problem(officer().body("{\"ground\":\"LEGAL_CLAIMS\",\"text\":\"x\"}").post("/requests/{id}/reject", id).then(), 409)
                .body("detail", containsString("order is out"));
        problem(as(subjectId).post("/requests/{id}/withdraw", id).then(), 409);
    }

    @Test
    void theSubjectWithdrawsTheirOwnRequestWhileNothingWasExecuted() {
        String filed = file(subjectId, ERASURE);
        as(subjectId).post("/requests/{id}/withdraw", filed).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN"))
                .body("history.kind", contains("FILED", "WITHDRAWN"))
                .body("history[1].actor", equalTo(subjectId));
        problem(as(subjectId).post("/requests/{id}/withdraw", filed).then(), 409);

        // Access in progress: the export is being assembled, nothing has gone out; the subject may still withdraw.
        String access = file(subjectId, ACCESS);
        approve(access).statusCode(200).body("status", equalTo("IN_PROGRESS"));
        as(subjectId).post("/requests/{id}/withdraw", access).then().statusCode(200).body("status", equalTo("WITHDRAWN"));
    }

    @Test
    void theOfficerCompletesWhatTheyAnswerInFullOrInPartWithReasons() {
        String id = file(subjectId, ACCESS);
        problem(officer().body("{\"outcome\":\"COMPLETED\"}").post("/requests/{id}/complete", id).then(), 409)
                .body("detail", containsString("FILED"));
        // Approval starts the export; the officer may still close the request themself (here: in part, with reasons).
        approve(id).statusCode(200).body("history[1].note", containsString("export assembling from consent-service"));
        problem(officer().body("{\"outcome\":\"PARTIALLY_COMPLETED\"}").post("/requests/{id}/complete", id).then(), 400)
                .body("errors[0].field", equalTo("reasons"));
        problem(officer().body("{\"outcome\":\"DONE\"}").post("/requests/{id}/complete", id).then(), 400)
                .body("errors[0].field", equalTo("outcome"));
        officer().body("{\"outcome\":\"PARTIALLY_COMPLETED\",\"reasons\":[\"OpenAI holds no export of conversation logs.\"]}")
                .post("/requests/{id}/complete", id).then().statusCode(200)
                .body("status", equalTo("PARTIALLY_COMPLETED"));
        as(subjectId).get("/requests/{id}", id).then().statusCode(200)
                .body("outcomeReasons", contains("OpenAI holds no export of conversation logs."))
                .body("notices.find { it.kind == 'PARTIALLY_COMPLETED' }.text", containsString("OpenAI holds no export"))
                .body("history.kind", contains("FILED", "APPROVED", "PARTIALLY_COMPLETED"))
                .body("history.actor", contains(subjectId, TestTokens.PRIVACY_OFFICER_ID, TestTokens.PRIVACY_OFFICER_ID));

        String other = file(subjectId, "{\"type\":\"PORTABILITY\"}");
        approve(other).statusCode(200);
        officer().body("{\"outcome\":\"COMPLETED\"}").post("/requests/{id}/complete", other).then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("closedAt", notNullValue());
        problem(approve(other), 409).body("detail", containsString("COMPLETED"));
    }

    @Test
    void anErasureWithSilentSystemsClosesOnlyPartiallyAndNamesThem() {
        String id = file(subjectId, ERASURE);
        approve(id).statusCode(200);
        problem(officer().body("{\"outcome\":\"COMPLETED\"}").post("/requests/{id}/complete", id).then(), 409)
                .body("detail", containsString("consent, retention, stripe, hubspot, openai"));
        officer().body("{\"outcome\":\"PARTIALLY_COMPLETED\",\"reasons\":[\"HubSpot erased by hand; ticket 4411.\"]}")
                .post("/requests/{id}/complete", id).then().statusCode(200)
                .body("status", equalTo("PARTIALLY_COMPLETED"))
                .body("history[-1].note", containsString("no answer from consent,retention,stripe,hubspot,openai"));
    }

    @Test
    void aRepeatedRequestIsRecordedWithItsOwnDeadlineAndLinkedToTheOpenOne() {
        String first = file(subjectId, ACCESS);
        String second = as(subjectId).body(ACCESS).post("/requests").then().statusCode(201)
                .body("duplicateOf", equalTo(first)).extract().path("id");
        // Another type is not a duplicate; nor is a request of a closed one.
        as(subjectId).body(ERASURE).post("/requests").then().statusCode(201).body("duplicateOf", equalTo(null));
        officer().get("/requests?type=ACCESS&status=FILED&size=200").then().statusCode(200)
                .body("items.find { it.id == '" + second + "' }.duplicateOf", equalTo(first));

        as(subjectId).post("/requests/{id}/withdraw", first).then().statusCode(200);
        as(subjectId).post("/requests/{id}/withdraw", second).then().statusCode(200);
        as(subjectId).body(ACCESS).post("/requests").then().statusCode(201).body("duplicateOf", equalTo(null));
    }

    @Test
    void theQueueFiltersByStatusTypeAndDeadlineMostUrgentFirstInPages() {
        String a = file(subjectId, ACCESS);
        String b = file(subjectId, "{\"type\":\"PORTABILITY\"}");
        String c = file(subjectId, ERASURE);
        Api.fileDaysAgo(b, 3);
        Api.fileDaysAgo(c, 6);
        approve(a).statusCode(200);

        as(subjectId).get("/requests?size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("items.id", contains(c, b)).body("size", equalTo(2));
        as(subjectId).get("/requests?size=2&page=1").then().statusCode(200).body("items.id", contains(a));
        as(subjectId).get("/requests?status=FILED").then().statusCode(200).body("items.id", contains(c, b));
        as(subjectId).get("/requests?status=FILED&status=IN_PROGRESS&type=ACCESS").then().statusCode(200).body("items.id", contains(a));
        LocalDate cDue = LocalDate.now(PARIS).plusMonths(1).minusDays(6);
        as(subjectId).get("/requests?dueTo=" + cDue).then().statusCode(200).body("items.id", contains(c));
        as(subjectId).get("/requests?dueFrom=" + cDue.plusDays(1)).then().statusCode(200).body("items.id", contains(b, a));

        problem(as(subjectId).get("/requests?status=DONE").then(), 400).body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("FILED, IN_PROGRESS"));
        problem(as(subjectId).get("/requests?type=FORGET").then(), 400).body("errors[0].field", equalTo("type"));
        problem(as(subjectId).get("/requests?dueFrom=tomorrow").then(), 400).body("errors[0].field", equalTo("dueFrom"));
        problem(as(subjectId).get("/requests?size=201").then(), 400).body("errors[0].field", equalTo("size"));
        problem(as(subjectId).get("/requests?page=-1").then(), 400).body("errors[0].field", equalTo("page"));
    }

    @Test
    void overdueAndDueSoonListsAndTheOverdueGauge() {
        String overdue = file(subjectId, ERASURE);
        String dueSoon = file(subjectId, ACCESS);
        String later = file(subjectId, "{\"type\":\"PORTABILITY\"}");
        Api.fileDaysAgo(overdue, 40);
        Api.fileDaysAgo(dueSoon, 26);

        officer().get("/requests/overdue?size=200").then().statusCode(200)
                .body("items.id", hasItem(overdue)).body("items.id", not(hasItem(dueSoon)))
                .body("items.status", everyItem(org.hamcrest.Matchers.oneOf("FILED", "IN_PROGRESS")));
        officer().get("/requests/due-soon?size=200").then().statusCode(200)
                .body("items.id", hasItem(dueSoon)).body("items.id", not(hasItem(overdue))).body("items.id", not(hasItem(later)));
        officer().get("/requests/due-soon?days=40&size=200").then().statusCode(200).body("items.id", hasItem(later));
        problem(officer().get("/requests/due-soon?days=-1").then(), 400).body("errors[0].field", equalTo("days"));

        // The gauge is recounted every second in tests; it shows what the list shows.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            long listed = ((Number) officer().get("/requests/overdue?size=1").then().extract().path("total")).longValue();
            assertTrue(listed >= 1);
            assertEquals(listed, gauge("requests_overdue"));
        });
        // Closing it takes it off the list and the gauge.
        as(subjectId).post("/requests/{id}/withdraw", overdue).then().statusCode(200);
        officer().get("/requests/overdue?size=200").then().statusCode(200).body("items.id", not(hasItem(overdue)));
    }

    static double gauge(String name) {
        String metrics = RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(matcher.find(), name + " is exported");
        return Double.parseDouble(matcher.group(1));
    }

    @Test
    void aListShowsASubjectOnlyTheirOwnRequests() {
        String mine = file(subjectId, ACCESS);
        String theirs = file("usr-" + UUID.randomUUID(), ACCESS);
        as(subjectId).get("/requests?size=200").then().statusCode(200)
                .body("items.id", hasItem(mine)).body("items.id", not(hasItem(theirs)))
                .body("items.subjectId", everyItem(equalTo(subjectId)));
        officer().get("/requests?type=ACCESS&size=200").then().statusCode(200).body("items", not(hasSize(0)));
    }
}
