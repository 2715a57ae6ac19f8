package io.privacyplatform.consent;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grants and withdrawals are kept with their proof: who, when, how, which policy version and notice text (GDPR Art. 7(1)). */
@QuarkusTest
class ConsentLedgerTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Inject
    DataSource dataSource;

    @Test
    void aWithdrawalSupersedesTheGrantAndBothStayAsProof() {
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().statusCode(200)
                .body("subjectId", equalTo(subjectId)).body("current", empty()).body("history", empty());

        String noticeHash = given().get("/purposes/marketing-email/notices").then().statusCode(200)
                .extract().path("[0].sha256");
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":true,\"noticeHash\":\"" + noticeHash + "\"}")
                .post("/consents").then().statusCode(201)
                .body("entryId", notNullValue())
                .body("purpose", equalTo("marketing-email"))
                .body("action", equalTo("GRANT"))
                .body("granted", equalTo(true))
                .body("source", equalTo("platform-settings"))
                .body("policyVersion", equalTo("1.0"))
                .body("noticeHash", equalTo(noticeHash))
                .body("recordedBy", equalTo(subjectId))
                .body("actorRole", equalTo("data-subject"))
                .body("recordedAt", notNullValue());

        // The subject wrote to the data-protection contact; the privacy officer records it (policy §11).
        given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"marketing-email\",\"granted\":false,"
                        + "\"evidence\":\"dpo-mailbox/2026-0142\"}")
                .post("/consents").then().statusCode(201)
                .body("source", equalTo("email-request")).body("recordedBy", equalTo("dpo-1"))
                .body("actorRole", equalTo("privacy-officer")).body("evidence", equalTo("dpo-mailbox/2026-0142"));

        // Withdrawing again changes nothing and answers with the withdrawal in force.
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":false}")
                .post("/consents").then().statusCode(200).body("source", equalTo("email-request"));

        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then().statusCode(200)
                .body("current", hasSize(1))
                .body("current[0].purpose", equalTo("marketing-email"))
                .body("current[0].granted", equalTo(false))
                .body("current[0].source", equalTo("email-request"))
                .body("history.action", contains("GRANT", "WITHDRAW"))
                .body("history.source", contains("platform-settings", "email-request"))
                .body("history.recordedBy", contains(subjectId, "dpo-1"))
                .body("restricted", equalTo(false));

        given().auth().oauth2(TestTokens.privacyOfficer()).queryParam("subjectId", subjectId).get("/consents/history").then()
                .statusCode(200).body("", hasSize(2));
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).queryParam("purpose", "partner-referral")
                .get("/consents/history").then().statusCode(200).body("", empty());
    }

    @Test
    void theWebBackendRecordsAPartnerSourcedGrantWithItsEvidence() {
        given().auth().oauth2(TestTokens.consentRecorder()).contentType(ContentType.JSON)
                .body("{\"subjectId\":\"" + subjectId + "\",\"purpose\":\"partner-referral\",\"granted\":true,"
                        + "\"source\":\"partner\",\"partner\":\"acme-crm\",\"evidence\":\"acme-crm:form/8812\"}")
                .post("/consents").then().statusCode(201)
                .body("source", equalTo("partner")).body("partner", equalTo("acme-crm"))
                .body("evidence", equalTo("acme-crm:form/8812")).body("recordedBy", equalTo(TestTokens.serviceAccount(TestTokens.WEB_BACKEND)))
                .body("actorRole", equalTo(TestTokens.CONSENT_RECORDER)).body("requestId", nullValue());
        given().auth().oauth2(TestTokens.consentChecker()).queryParam("subjectId", subjectId).queryParam("purpose", "partner-referral")
                .get("/consents/effective").then().statusCode(200)
                .body("allowed", equalTo(true)).body("reason", equalTo("GRANTED"));
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
    void theLedgerIsAppendOnlyInTheDatabaseItself() throws SQLException {
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"marketing-email\",\"granted\":true}").post("/consents").then().statusCode(201);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            SQLException refused = assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "update consent_record set granted = false where subject_id = '" + subjectId + "'"));
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
            SQLException notice = assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "update consent_notice set text = 'something else' where purpose = 'marketing-email'"));
            assertTrue(notice.getMessage().contains("immutable"), notice.getMessage());
        }
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents").then()
                .body("current[0].granted", equalTo(true));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("platform_outbox_pending"));
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/consents"))
                .body(org.hamcrest.Matchers.containsString("/unsubscribe/{token}"));
    }
}
