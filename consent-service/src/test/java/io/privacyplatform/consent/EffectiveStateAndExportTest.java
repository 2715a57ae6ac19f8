package io.privacyplatform.consent;

import io.privacyplatform.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The effective-state query (single and batch), the purpose catalogue, the export slice and who may read what. */
@QuarkusTest
class EffectiveStateAndExportTest {

    private final String subjectId = "usr-" + UUID.randomUUID();

    @Test
    void theEffectiveStateFollowsTheLegalBasisOfEachPurpose() {
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(false)).body("reason", equalTo("NO_CONSENT"))
                .body("since", nullValue());
        Consents.effective(subjectId, "commercial-statistics").body("allowed", equalTo(true)).body("reason", equalTo("NOT_OBJECTED"));

        Consents.grant(subjectId, "marketing-email").statusCode(201);
        Consents.withdraw(subjectId, "commercial-statistics").statusCode(201).body("action", equalTo("OBJECT"));
        Consents.effective(subjectId, "marketing-email").body("allowed", equalTo(true)).body("reason", equalTo("GRANTED"));
        Consents.effective(subjectId, "commercial-statistics").body("allowed", equalTo(false)).body("reason", equalTo("OBJECTED"));

        String never = "usr-" + UUID.randomUUID();
        String withdrew = "usr-" + UUID.randomUUID();
        Consents.grant(withdrew, "marketing-email").statusCode(201);
        Consents.withdraw(withdrew, "marketing-email").statusCode(201);
        given().auth().oauth2(TestTokens.consentChecker()).contentType(ContentType.JSON)
                .body(Map.of("purpose", "marketing-email", "subjectIds", List.of(subjectId, never, withdrew, subjectId)))
                .post("/consents/effective").then().statusCode(200)
                .body("purpose", equalTo("marketing-email"))
                .body("results.subjectId", contains(subjectId, never, withdrew))
                .body("results.allowed", contains(true, false, false))
                .body("results.reason", contains("GRANTED", "NO_CONSENT", "WITHDRAWN"));

        // A subject may ask about themselves only; the batch form is for the platform and the privacy officer.
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).queryParam("purpose", "marketing-email")
                .get("/consents/effective").then().statusCode(200).body("allowed", equalTo(true));
        given().auth().oauth2(TestTokens.dataSubject(never)).queryParam("subjectId", subjectId).queryParam("purpose", "marketing-email")
                .get("/consents/effective").then().statusCode(403);
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "marketing-email", "subjectIds", List.of(subjectId)))
                .post("/consents/effective").then().statusCode(403);
        given().auth().oauth2(TestTokens.consentChecker()).queryParam("subjectId", subjectId)
                .get("/consents/effective").then().statusCode(400).body("errors[0].field", equalTo("purpose"));
    }

    @Test
    void thePurposeCatalogueIsPublicAndEachNoticeCarriesTheSha256OfItsText() throws Exception {
        given().get("/purposes").then().statusCode(200)
                .body("code", contains("marketing-email", "partner-referral", "commercial-statistics"))
                .body("legalBasis", contains("CONSENT", "CONSENT", "LEGITIMATE_INTEREST"))
                .body("marketing", contains(true, true, false))
                .body("policySection", contains("§11", "§6", "§5"))
                .body("currentNotice.policyVersion", contains("1.0", "1.0", "1.0"))
                .header("Set-Cookie", nullValue());
        List<Map<String, String>> notices = given().get("/purposes/marketing-email/notices").then().statusCode(200)
                .body("", hasSize(1)).body("[0].language", equalTo("fr"))
                .body("[0].text", containsString("csm@seo-cocoon.com")).extract().path("");
        String text = notices.get(0).get("text");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha256, notices.get(0).get("sha256"));
        given().get("/purposes/sell-my-data/notices").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theExportSliceHoldsTheWholeLedgerWithTheNoticeTextsForThoseAllowedToReadIt() {
        Consents.grant(subjectId, "marketing-email").statusCode(201);
        Consents.withdraw(subjectId, "marketing-email").statusCode(201);
        given().auth().oauth2(TestTokens.unsubscribeLinkIssuer()).contentType(ContentType.JSON)
                .body(Map.of("subjectId", subjectId, "purpose", "marketing-email")).post("/unsubscribe-links").then().statusCode(200);

        for (String token : List.of(TestTokens.subjectExportReader(), TestTokens.privacyOfficer())) {
            given().auth().oauth2(token).queryParam("subjectId", subjectId).get("/consents/export").then().statusCode(200)
                    .body("subjectId", equalTo(subjectId)).body("system", equalTo("consent"))
                    .body("ledger.action", contains("GRANT", "WITHDRAW"))
                    .body("current.granted", contains(false))
                    .body("notices", hasSize(1)).body("notices[0].purpose", equalTo("marketing-email"))
                    .body("notices[0].text", containsString("sollicitations commerciales"))
                    .body("unsubscribeLinks", hasSize(1)).body("unsubscribeLinks[0].token", nullValue())
                    .body("restrictions", hasSize(0));
        }
        given().auth().oauth2(TestTokens.dataSubject(subjectId)).get("/consents/export").then().statusCode(200)
                .body("ledger", hasSize(2));
        String other = "usr-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.dataSubject(other)).queryParam("subjectId", subjectId).get("/consents/export").then()
                .statusCode(403).body(not(containsString(subjectId)));
        given().auth().oauth2(TestTokens.token("ops-1", "operator")).queryParam("subjectId", subjectId).get("/consents/export")
                .then().statusCode(403);
        given().auth().oauth2(TestTokens.subjectExportReader()).get("/consents/export").then().statusCode(400)
                .body("errors[0].field", equalTo("subjectId"));
    }
}
